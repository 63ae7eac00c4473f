using System.Collections.Immutable;
using Survival.Core.CompetingRisks;
using Survival.Core.Curves;

namespace Survival.Plotting;

/// <summary>One group to draw: its label and what the engine estimated for it.</summary>
/// <param name="Label">The group's name, shown in the legend as "Label (n = N)" and in the risk table.</param>
/// <param name="Curve">The group's Kaplan–Meier curve.</param>
/// <param name="Band">Its pointwise confidence band, one entry per curve row; null draws no band.</param>
/// <param name="MedianTime">Its median survival time, for the median guide lines; null when not reached.</param>
public sealed record PlotSeries(string Label, KaplanMeierCurve Curve, ConfidenceBand? Band = null, double? MedianTime = null)
{
    /// <summary>
    /// The Aalen–Johansen cumulative incidence of one competing cause on the rows of <see cref="Curve"/>: drawn, with its
    /// interval as the band, in place of 1 − S when the curve kind is the cumulative incidence. Null for none.
    /// </summary>
    public StateProbability? Incidence { get; init; }

    /// <summary>
    /// A simultaneous confidence band over a range of times (Hall–Wellner or equal precision), one entry per curve row:
    /// drawn beneath the pointwise band as a paler shading with a dashed edge, and named in the legend. Null for none.
    /// </summary>
    public SimultaneousConfidenceBand? SimultaneousBand { get; init; }

    /// <summary>The row of the risk table this series counts in; series of one group share it. Null for <see cref="Label"/>.</summary>
    public string? RiskTableLabel { get; init; }

    /// <summary>
    /// For an interval-censored curve (Turnbull's estimate), the stretches where it is not identified, drawn as boxes with
    /// no line across them; <see cref="Curve"/> then holds the identified values at the stretches' ends and at the ends
    /// of follow-up, with the subjects under observation as its numbers at risk. Default for a right-censored curve.
    /// </summary>
    public ImmutableArray<UnidentifiedStretch> Unidentified { get; init; }

    /// <summary>Whether this is an interval-censored curve.</summary>
    public bool IsIntervalCensored => !Unidentified.IsDefault;

    /// <summary>
    /// The competing cause whose incidence this series draws, which gives its line type; null for a group's own curve
    /// (in an incidence figure of causes, the group's incidence of any event).
    /// </summary>
    public string? Cause { get; init; }

    /// <summary>The label of the series' line in a figure of competing causes: the incidence of any event.</summary>
    public const string AnyEvent = "any event";

    /// <summary>The group this series belongs to, which gives its colour and its risk-table row.</summary>
    internal string GroupLabel => RiskTableLabel ?? Label;

    /// <summary>
    /// With competing causes, one series per cause of one group, drawn from the group's Aalen–Johansen estimate (never
    /// 1 − S), then the group's incidence of any event, 1 − S of its Kaplan–Meier curve (the causes' sum), which
    /// carries the group's censoring marks: a censoring ends the follow-up of every cause at once, so it belongs to no
    /// one cause's line. Labelled "group: cause" ("group: any event"; the cause alone for a single group); the series
    /// share one risk-table row for the group, which still counts its subjects at risk.
    /// </summary>
    /// <exception cref="ArgumentException">The summary has no competing causes.</exception>
    public static IEnumerable<PlotSeries> ForCauses(string label, GroupSummary group, bool nameGroup)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.CumulativeIncidence is not { } incidence) throw new ArgumentException("has no competing causes", nameof(group));
        var causes = group.Causes.Select((cause, c) => new PlotSeries(nameGroup ? $"{label}: {cause}" : cause, group.Summary.Curve)
        {
            Incidence = incidence.Causes[c],
            RiskTableLabel = label,
            Cause = cause,
        });
        var anyEvent = new PlotSeries(nameGroup ? $"{label}: {AnyEvent}" : AnyEvent, group.Summary.Curve) { RiskTableLabel = label };
        return causes.Append(anyEvent);
    }

    /// <summary>The series of one group from its summary: curve, band, simultaneous band (if estimated) and median.</summary>
    public static PlotSeries FromSummary(string label, SurvivalSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new PlotSeries(label, summary.Curve, summary.Band, summary.Median.Time) { SimultaneousBand = summary.SimultaneousBand };
    }
}
