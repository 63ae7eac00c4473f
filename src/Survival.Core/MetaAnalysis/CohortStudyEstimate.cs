using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.MetaAnalysis;

/// <summary>A study's estimate computed from its patients, or why it has none.</summary>
/// <param name="Estimate">The log hazard ratio or log median with its standard error; null when not estimable.</param>
/// <param name="NotEstimableReason">Why there is no estimate; null when there is one.</param>
public sealed record CohortStudyEstimate(StudyEstimate? Estimate, string? NotEstimableReason)
{
    /// <summary>The log hazard ratio of a two-arm study from the group Cox model of its counting table.</summary>
    /// <remarks>y = β̂ of the one group term, se its model-based standard error (R's <c>coxph(Surv(time, status) ~ arm)</c>).</remarks>
    public static CohortStudyEstimate LogHazardRatio(string label, CountingTable counts, TieMethod ties, string? referenceGroup, ConfidenceLevel level)
    {
        var model = CoxProportionalHazards.Fit(counts, stratified: false, ties, referenceGroup, level);
        var term = model.Coefficients[0].Estimate;
        return term is { Coefficient: { } beta, StdError: { } se }
            ? new(new StudyEstimate(label, beta, se), null)
            : new(null, term.NotEstimableReason ?? model.NotConvergedReason ?? "the hazard ratio is not estimable");
    }

    /// <summary>The log median of a single-arm study, its standard error read off the median's confidence interval.</summary>
    /// <remarks>y = ln m, se = (ln upper − ln lower)/(2z) (<see cref="StudyEstimate.StdErrorFromInterval"/>), the interval of
    /// Brookmeyer &amp; Crowley read from the log-transformed Kaplan–Meier band as R's <c>survfit</c> gives it.</remarks>
    public static CohortStudyEstimate LogMedian(string label, CountingTable counts, ConfidenceLevel level)
    {
        var median = CohortSurvival.Summarize(counts, new SurvivalSummaryOptions { Level = level })[0].Summary.Median;
        if (median.Time is not { } time) return new(null, "the median is not reached");
        if (median.Lower is not { } lower || median.Upper is not { } upper || !(lower > 0) || !(upper > lower))
            return new(null, "the median's confidence interval is not reached at both ends, so it gives no standard error");
        return new(new StudyEstimate(label, Math.Log(time), StudyEstimate.StdErrorFromInterval(lower, upper, level)), null);
    }
}
