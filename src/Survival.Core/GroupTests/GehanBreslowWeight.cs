using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>The weight of the Gehan–Breslow generalized Wilcoxon test in <see cref="WeightedLogRank"/>: w_j = n_j, so early times, with more at risk, weigh more.</summary>
/// <remarks>Gehan (1965), extended to k groups by Breslow (1970); Klein &amp; Moeschberger (2003) §7.3.</remarks>
internal readonly struct GehanBreslowWeight : ILogRankWeight
{
    public double At(in EventTimeSummary time) => time.AtRisk;
}
