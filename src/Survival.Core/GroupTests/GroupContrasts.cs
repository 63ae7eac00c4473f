using System.Collections.Immutable;
using MathNet.Numerics.Distributions;
using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.GroupTests;

/// <summary>Differences in restricted mean survival and in landmark survival between each group and a reference group.</summary>
public static class GroupContrasts
{
    /// <summary>Contrasts every other group with <paramref name="referenceGroup"/> (the first when null), at τ and at each landmark.</summary>
    /// <remarks>
    /// From each group's own Kaplan–Meier curve (strata pooled, as R's <c>survfit(... ~ group)</c>), with μ and its
    /// standard error those of <see cref="RestrictedMeanSurvivalTime"/> (R's <c>summary(fit, rmean = τ)</c>) and S(t)
    /// with its standard error those of <see cref="LandmarkSurvival"/> (R's <c>summary(fit, times = t)</c>); the groups
    /// are independent samples, so (Uno et al. 2014, the method of R's survRM2; Klein et al. 2007 for landmarks):
    /// <code>
    /// RMST difference     μ_g − μ_r,        se = √(se_g² + se_r²),                 CI ± z·se, p = 2Φ(−|est/se|)
    /// RMST ratio          μ_g / μ_r,        se(log) = √(se_g²/μ_g² + se_r²/μ_r²),   CI exp(log ratio ± z·se)
    /// survival difference S_g(t) − S_r(t),  se = √(se_g² + se_r²),                 CI ± z·se
    /// </code>
    /// A contrast is not estimable where R gives no value: τ before a group's first time (R's <c>rmean</c> declines),
    /// S(t) = 0 in a group (its standard error is not defined), or a standard error of 0 for the test.
    /// </remarks>
    /// <exception cref="InputRuleException">τ or a landmark breaks <see cref="InputRules"/>, or the reference is not a group.</exception>
    public static ImmutableArray<GroupContrast> Compare(
        CountingTable counts, string? referenceGroup, double? tau, IReadOnlyList<double> landmarks, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(landmarks);
        if (tau is { } t && !InputRules.IsTau(t)) throw new InputRuleException("rmst_tau", InputRules.TauRequirement);
        foreach (var landmark in landmarks)
            if (!InputRules.IsLandmarkTime(landmark)) throw new InputRuleException("landmark_times", InputRules.LandmarkTimeRequirement);
        var reference = referenceGroup is null ? 0 : counts.IndexOfGroup(referenceGroup, "reference_group");
        var curves = Enumerable.Range(0, counts.GroupCount).Select(g => KaplanMeier.Estimate(counts, g)).ToArray();

        var contrasts = ImmutableArray.CreateBuilder<GroupContrast>();
        for (var g = 0; g < counts.GroupCount; g++)
        {
            if (g == reference) continue;
            var (group, against) = (counts.Groups[g], counts.Groups[reference]);
            if (tau is { } truncation)
            {
                contrasts.Add(RmstContrast(group, against, curves[g], curves[reference], truncation, level, ratio: false));
                contrasts.Add(RmstContrast(group, against, curves[g], curves[reference], truncation, level, ratio: true));
            }
            foreach (var landmark in landmarks)
                contrasts.Add(SurvivalContrast(group, against, curves[g], curves[reference], landmark, level));
        }
        return contrasts.ToImmutable();
    }

    private static GroupContrast RmstContrast(
        string group, string reference, KaplanMeierCurve curve, KaplanMeierCurve referenceCurve, double tau, ConfidenceLevel level, bool ratio)
    {
        var measure = ratio ? ContrastMeasure.RmstRatio : ContrastMeasure.RmstDifference;
        if (tau < curve.Times[0] || tau < referenceCurve.Times[0])
            return NotEstimable(group, reference, measure, tau, "tau is before the first time of a group, where R's rmean gives no value");
        var (a, b) = (RestrictedMeanSurvivalTime.Estimate(curve, tau, level), RestrictedMeanSurvivalTime.Estimate(referenceCurve, tau, level));
        if (ratio && (a.Estimate <= 0 || b.Estimate <= 0))
            return NotEstimable(group, reference, measure, tau, "a group's restricted mean is 0, so the ratio is not defined");
        return ratio
            ? OnLogScale(group, reference, tau, Math.Log(a.Estimate / b.Estimate),
                Math.Sqrt(Square(a.StdError / a.Estimate) + Square(b.StdError / b.Estimate)), level)
            : Normal(group, reference, measure, tau, a.Estimate - b.Estimate, Math.Sqrt(Square(a.StdError) + Square(b.StdError)), level);
    }

    private static GroupContrast SurvivalContrast(
        string group, string reference, KaplanMeierCurve curve, KaplanMeierCurve referenceCurve, double time, ConfidenceLevel level)
    {
        var a = LandmarkSurvival.Estimate(curve, time, ConfidenceType.Log, level);
        var b = LandmarkSurvival.Estimate(referenceCurve, time, ConfidenceType.Log, level);
        if (a.StdError is not { } seA || b.StdError is not { } seB)
            return NotEstimable(group, reference, ContrastMeasure.SurvivalDifference, time, "survival has reached 0 in a group, where its standard error is not defined");
        return Normal(group, reference, ContrastMeasure.SurvivalDifference, time, a.Survival - b.Survival, Math.Sqrt(seA * seA + seB * seB), level);
    }

    private static GroupContrast Normal(string group, string reference, ContrastMeasure measure, double time, double estimate, double stdError, ConfidenceLevel level) =>
        new(group, reference, measure, time, estimate, stdError, estimate - level.Z * stdError, estimate + level.Z * stdError,
            PValue(estimate, stdError), stdError > 0 ? null : "the standard error is 0: both curves are certain up to this time");

    private static GroupContrast OnLogScale(string group, string reference, double tau, double logRatio, double stdError, ConfidenceLevel level) =>
        new(group, reference, ContrastMeasure.RmstRatio, tau, Math.Exp(logRatio), stdError,
            Math.Exp(logRatio - level.Z * stdError), Math.Exp(logRatio + level.Z * stdError), PValue(logRatio, stdError),
            stdError > 0 ? null : "the standard error is 0: both curves are certain up to tau");

    private static double? PValue(double estimate, double stdError) =>
        stdError > 0 ? WaldPValue.TwoSided(estimate / stdError) : null;

    private static GroupContrast NotEstimable(string group, string reference, ContrastMeasure measure, double time, string reason) =>
        new(group, reference, measure, time, null, null, null, null, null, reason);

    private static double Square(double x) => x * x;
}
