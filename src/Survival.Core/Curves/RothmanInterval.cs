using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>Rothman's (1978) interval for S(t): Wilson's score interval for a binomial proportion at an effective sample size.</summary>
/// <remarks>
/// With Greenwood's variance V = S² Σ d_i/(n_i(n_i − d_i)) the effective sample size is n′ = S(1 − S)/V, the size of a
/// binomial sample with the same variance, and
/// <code>
/// bounds = n′/(n′ + z²) · ( S + z²/(2n′) ∓ z √(V + z²/(4n′²)) )
/// </code>
/// which is km.ci's <c>rothman</c>. Where S = 1 (no death yet) V = 0 and n′ is 0/0: km.ci then gives [1, 1]; this follows
/// the paper instead, whose n′ there is the number at risk (the limit of n′ at the first death, where it equals n), and
/// takes the number at risk just after the row's time, so the interval is Wilson's for no failure, [n/(n + z²), 1]. Where
/// S = 0 it is not estimable, as R's intervals.
/// </remarks>
public static class RothmanInterval
{
    /// <summary>The interval at each row of <paramref name="curve"/>.</summary>
    public static ConfidenceInterval[] Rows(KaplanMeierCurve curve, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(level);
        var rows = new ConfidenceInterval[curve.Times.Length];
        for (var j = 0; j < rows.Length; j++)
        {
            var s = curve.Survival[j];
            var sigma = curve.StdErrLogSurvival[j];
            rows[j] = s >= 1 ? NoDeath(SmallSampleRows.AtRiskAfter(curve, j), level.Z)
                : s <= 0 || !double.IsFinite(sigma) ? ConfidenceInterval.NotEstimable
                : Wilson(s, s * s * sigma * sigma, level.Z);
        }
        return rows;
    }

    /// <summary>The interval before the first row: S = 1 with every subject at risk.</summary>
    internal static ConfidenceInterval BeforeFirst(KaplanMeierCurve curve, ConfidenceLevel level) => NoDeath(curve.AtRisk[0], level.Z);

    private static ConfidenceInterval NoDeath(int atRisk, double z) => new(atRisk / (atRisk + z * z), 1);

    private static ConfidenceInterval Wilson(double s, double variance, double z)
    {
        var n = s * (1 - s) / variance;
        var z2 = z * z;
        var centre = s + z2 / (2 * n);
        var half = z * Math.Sqrt(variance + z2 / (4 * n * n));
        var shrink = n / (n + z2);
        return new(shrink * (centre - half), shrink * (centre + half));
    }
}
