using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>The weight of the Fleming–Harrington G(p, q) test in <see cref="WeightedLogRank"/>: w_j = Ŝ(t_j−)^p (1 − Ŝ(t_j−))^q.</summary>
/// <remarks>
/// Harrington &amp; Fleming (1982); Klein &amp; Moeschberger (2003) §7.3. Ŝ is the pooled Kaplan–Meier just before
/// t_j; p &gt; 0 stresses early differences, q &gt; 0 late ones, and 0⁰ = 1 so that G(0, 0) is the log-rank test.
/// With q = 0 this is R's <c>survdiff(rho = p)</c>.
/// </remarks>
/// <param name="p">The exponent of Ŝ.</param>
/// <param name="q">The exponent of 1 − Ŝ.</param>
internal readonly struct FlemingHarringtonWeight(double p, double q) : ILogRankWeight
{
    public double At(in EventTimeSummary time) =>
        Math.Pow(time.SurvivalBefore, p) * Math.Pow(1 - time.SurvivalBefore, q);
}
