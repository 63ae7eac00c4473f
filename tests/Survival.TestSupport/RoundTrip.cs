using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.Reconstruction;
using Survival.Core.Regression;

namespace Survival.TestSupport;

/// <summary>How far the patients rebuilt from a round-trip set's figure are from the real ones.</summary>
/// <param name="MaxSurvivalError">The largest |Ŝ_rebuilt(t) − Ŝ_real(t)| over either arm's follow-up.</param>
/// <param name="MeanLandmarkError">The mean |Ŝ_rebuilt(t) − Ŝ_real(t)| at the table's times within follow-up, both arms.</param>
/// <param name="MaxMedianError">The larger arm's |median_rebuilt − median_real| in months (0 when both are not reached; ∞ when only one is).</param>
/// <param name="HazardRatio">The Cox hazard ratio of the rebuilt arms (second against first).</param>
/// <param name="RealHazardRatio">R's on the real patients.</param>
public sealed record RoundTripError(double MaxSurvivalError, double MeanLandmarkError, double MaxMedianError, double HazardRatio, double RealHazardRatio)
{
    /// <summary>|log(HR_rebuilt / HR_real)|.</summary>
    public double LogHazardRatioError => Math.Abs(Math.Log(HazardRatio / RealHazardRatio));
}

/// <summary>Rebuilds both arms of a round-trip set and measures the errors.</summary>
public static class RoundTrip
{
    public static RoundTripError Measure(RoundTripSet set, PublishedInformation given, MonotoneFix fix = MonotoneFix.IsotonicRegression)
    {
        var rebuilt = set.Arms.Select(arm => GuyotReconstruction.Rebuild(arm.Published(given), fix)).ToArray();
        double maxError = 0, landmarkSum = 0, medianError = 0;
        var landmarks = 0;
        foreach (var (arm, cohort) in set.Arms.Zip(rebuilt))
        {
            var summary = SurvivalSummary.Summarize(cohort.ToSurvivalData(), new SurvivalSummaryOptions());
            var curve = summary.Curve;
            var end = arm.OriginalTimes[^1];
            foreach (var t in arm.OriginalTimes.Concat(curve.Times).Append(0).Where(t => t <= end))
                maxError = Math.Max(maxError, Math.Abs(At(curve.Times, curve.Survival, t) - At(arm.OriginalTimes, arm.OriginalSurvival, t)));
            for (var i = 0; i < arm.AtRisk.Length; i++)
            {
                if (arm.AtRisk[i].Time > end) continue;
                landmarkSum += Math.Abs(At(curve.Times, curve.Survival, arm.AtRisk[i].Time) - arm.OriginalLandmarkSurvival[i]);
                landmarks++;
            }
            var median = summary.Median.Time;
            medianError = Math.Max(medianError, (median, arm.OriginalMedian) switch
            {
                (null, null) => 0,
                ({ } a, { } b) => Math.Abs(a - b),
                _ => double.PositiveInfinity,
            });
        }
        return new RoundTripError(maxError, landmarkSum / landmarks, medianError, HazardRatioOf(set, rebuilt), set.HazardRatio);
    }

    /// <summary>The Cox hazard ratio (Efron) of the second rebuilt arm against the first.</summary>
    private static double HazardRatioOf(RoundTripSet set, IReadOnlyList<ReconstructedCohort> arms)
    {
        var times = arms.SelectMany(a => a.Times).ToArray();
        var events = arms.SelectMany(a => a.Events).ToArray();
        var labels = arms.SelectMany((a, i) => Enumerable.Repeat(set.Arms[i].Label, a.Subjects)).ToArray();
        var model = CoxProportionalHazards.Fit(SurvivalData.Create(times, events), Factor.Create(labels));
        return model.Terms[0].Estimate.HazardRatio!.Value;
    }

    /// <summary>A right-continuous step function's value at <paramref name="time"/>, 1 before its first step.</summary>
    private static double At(IReadOnlyList<double> times, IReadOnlyList<double> values, double time)
    {
        var value = 1.0;
        for (var i = 0; i < times.Count && times[i] <= time; i++) value = values[i];
        return value;
    }
}
