using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Survival.Plotting;
using Survival.Service.Mapping;
using Survival.Service.Validation;
using Survival.V1;
using CurveKind = Survival.Plotting.CurveKind;
using ProtoPlotOptions = Survival.V1.PlotOptions;
using Survival.Core;
using Survival.Core.Curves;
using Survival.Core.GroupTests;
using Survival.Core.Inference;

namespace Survival.Service.Rendering;

/// <summary>
/// Puts the engine's results on a figure: one series per group, and the log-rank p-value and Cox hazard ratio the
/// options ask to print. Rendering rejections come back as field violations under the plot's path.
/// </summary>
internal static partial class PlotComposer
{
    public static RenderSurvivalPlotResponse Render(
        ImmutableArray<GroupSummary> summaries,
        Func<GroupComparisonResult> comparison,
        ConfidenceLevel level,
        ProtoPlotOptions plot,
        string timeUnit,
        string path)
    {
        var options = ProtoMapper.ToCore(plot, timeUnit);
        var series = options.CurveKind == CurveKind.CumulativeIncidence && summaries[0].CumulativeIncidence is not null
            ? [.. summaries.SelectMany(s => PlotSeries.ForCauses(ProtoMapper.DisplayLabel(s.Group, summaries.Length), s, nameGroup: summaries.Length > 1))]
            : summaries.Select(s => PlotSeries.FromSummary(ProtoMapper.DisplayLabel(s.Group, summaries.Length), s.Summary)).ToList();
        var annotations = options.ShowPValue || options.ShowHazardRatio ? Annotations(comparison(), level) : null;
        return Draw(series, options, annotations, plot, path);
    }

    /// <summary>Renders the series; the renderer's rejections become violations of the fields under <paramref name="path"/>.</summary>
    public static RenderSurvivalPlotResponse Draw(
        IReadOnlyList<PlotSeries> series, Plotting.PlotOptions options, PlotAnnotations? annotations, ProtoPlotOptions plot, string path)
    {
        try
        {
            return ProtoMapper.ToProto(SurvivalPlotRenderer.Render(series, options, annotations));
        }
        catch (InputRuleException exception)
        {
            var field = exception.Input switch
            {
                "series" => plot.Colors.Count > 0 ? $"{path}.colors" : $"{path}.palette",
                var name => $"{path}.{SnakeCase(name)}",
            };
            throw FieldViolations.Single(field, exception.Requirement).ToRpcException();
        }
    }

    /// <summary>
    /// The log-rank p-value, Gray's tests of competing causes and the Cox hazard ratio to print; each is left out, and
    /// prints as not estimable, where the comparison could not estimate it (no events, or a coefficient that diverges).
    /// </summary>
    public static PlotAnnotations Annotations(GroupComparisonResult comparison, ConfidenceLevel level)
    {
        // A weighted cohort has no log-rank test (show_p_value is rejected for it); its hazard ratio is still drawn.
        var logRank = comparison.Tests.FirstOrDefault(t => t.Weight == Core.GroupTests.TestWeight.LogRank);
        HazardRatioAnnotation? hazardRatio = null;
        if (comparison.Cox.Terms is [{ Estimate: { HazardRatio: { } ratio, Lower: { } lower, Upper: { } upper } } term])
        {
            hazardRatio = new HazardRatioAnnotation(ratio, lower, upper)
            {
                Level = level,
                Group = term.Group,
                ReferenceGroup = comparison.Cox.ReferenceGroup,
            };
        }
        return new PlotAnnotations(logRank?.Test.PValue, hazardRatio)
        {
            GrayTests = [.. comparison.GrayTests.Select(g => new GrayTestAnnotation(g.Cause, g.Test.PValue))],
        };
    }

    private static string SnakeCase(string name) => PascalBoundary().Replace(name, "_$1$2").ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])|(?<=[A-Z])([A-Z](?=[a-z]))")]
    private static partial Regex PascalBoundary();
}
