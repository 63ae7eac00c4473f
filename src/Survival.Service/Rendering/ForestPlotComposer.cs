using Survival.Plotting;
using Survival.Service.Mapping;
using Survival.V1;
using Survival.Core.Cox;

namespace Survival.Service.Rendering;

/// <summary>
/// The forest plot of a fitted Cox model (a Fine–Gray model's subdistribution hazard ratios): each factor's reference
/// level, then one row per coefficient.
/// </summary>
internal static class ForestPlotComposer
{
    public static RenderSurvivalPlotResponse Render(Core.Cox.CoxModel fit, V1.PlotOptions plot, double confLevel)
    {
        var rows = new List<ForestRow>();
        string? lastFactor = null;
        foreach (var c in fit.Coefficients)
        {
            if (c.Level.Length > 0 && c.Term != lastFactor)
            {
                rows.Add(new ForestRow($"{c.Term}: {c.ReferenceLevel}", null, null, null, null, "reference"));
                lastFactor = c.Term;
            }
            var label = c.Level.Length > 0 ? $"{c.Term}: {c.Level}" : c.Term;
            var estimate = c.Estimate;
            rows.Add(OnLogAxis(estimate.HazardRatio) is not { } ratio
                ? new ForestRow(label, null, null, null, null, "not estimable")
                : new ForestRow(label, ratio, OnLogAxis(estimate.Lower), OnLogAxis(estimate.Upper), estimate.PValue, null));
        }
        var options = ProtoMapper.ToCore(plot, "") with { Title = plot.Title.Length > 0 ? plot.Title : null };
        var headers = fit.CauseOfInterest is null ? ForestHeaders.Cox : ForestHeaders.FineGray;
        return ProtoMapper.ToProto(ForestPlotRenderer.Render(rows, options, confLevel == 0 ? 0.95 : confLevel, headers));
    }

    /// <summary>
    /// A fit that diverges (monotone likelihood) reports limits of 0 and ∞, and may underflow the ratio itself to 0:
    /// such a value has no place on a log axis, so the row shows what remains and prints "–" for the rest.
    /// </summary>
    private static double? OnLogAxis(double? value) => value is > 0 and < double.PositiveInfinity ? value : null;
}
