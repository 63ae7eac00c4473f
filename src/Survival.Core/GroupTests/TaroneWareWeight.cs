using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>The weight of the Tarone–Ware test in <see cref="WeightedLogRank"/>: w_j = √n_j, between the log-rank and Gehan–Breslow weights.</summary>
/// <remarks>Tarone &amp; Ware (1977); Klein &amp; Moeschberger (2003) §7.3.</remarks>
internal readonly struct TaroneWareWeight : ILogRankWeight
{
    public double At(in EventTimeSummary time) => Math.Sqrt(time.AtRisk);
}
