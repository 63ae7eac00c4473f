using Google.Protobuf;
using Survival.Plotting;
using Survival.V1;
using CoreCurveKind = Survival.Plotting.CurveKind;
using CorePalette = Survival.Plotting.Palette;
using CorePlotOptions = Survival.Plotting.PlotOptions;
using ProtoCurveKind = Survival.V1.CurveKind;
using ProtoPalette = Survival.V1.Palette;
using ProtoPlotOptions = Survival.V1.PlotOptions;

namespace Survival.Service.Mapping;

/// <summary>This part: plots.</summary>
internal static partial class ProtoMapper
{
    /// <summary>The label a figure gives the subjects without a group label: all of them, or those among groups.</summary>
    public static string DisplayLabel(string group, int groupCount) =>
        group.Length > 0 ? group : groupCount == 1 ? "All subjects" : "(no group)";

    public static CorePlotOptions ToCore(ProtoPlotOptions plot, string timeUnit) => new()
    {
        Format = plot.Format == ImageFormat.Svg ? PlotImageFormat.Svg : PlotImageFormat.Png,
        Width = plot.Width,
        Height = plot.Height,
        Title = NullIfEmpty(plot.Title),
        Caption = NullIfEmpty(plot.Caption),
        TimeUnit = NullIfEmpty(timeUnit),
        XLabel = NullIfEmpty(plot.XLabel),
        YLabel = NullIfEmpty(plot.YLabel),
        YScale = plot.YScale == YScale.Percent ? ProbabilityScale.Percent : ProbabilityScale.Proportion,
        XMin = plot.HasXMin ? plot.XMin : null,
        XMax = plot.HasXMax ? plot.XMax : null,
        XTickStep = plot.HasXTickStep ? plot.XTickStep : null,
        ConfidenceBand = plot.HasConfidenceBand ? plot.ConfidenceBand : null,
        CensorMarks = !plot.HasCensorMarks || plot.CensorMarks,
        RiskTable = plot.RiskTable switch
        {
            RiskTable.None => RiskTableStyle.None,
            RiskTable.Kmunicate => RiskTableStyle.KMunicate,
            _ => RiskTableStyle.AtRisk,
        },
        MedianLines = plot.MedianLines,
        ShowPValue = plot.ShowPValue,
        ShowHazardRatio = plot.ShowHazardRatio,
        CurveKind = plot.CurveKind switch
        {
            ProtoCurveKind.CumulativeIncidence => CoreCurveKind.CumulativeIncidence,
            ProtoCurveKind.CumulativeHazard => CoreCurveKind.CumulativeHazard,
            _ => CoreCurveKind.Survival,
        },
        Palette = plot.Palette == ProtoPalette.Grayscale ? CorePalette.Grayscale : CorePalette.OkabeIto,
        Colors = [.. plot.Colors],
        FontScale = plot.FontScale,
    };

    public static RenderSurvivalPlotResponse ToProto(RenderedImage image) => new()
    {
        Image = ByteString.CopyFrom(image.Bytes.Span),
        ContentType = image.ContentType,
        Width = image.Width,
        Height = image.Height,
    };

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
