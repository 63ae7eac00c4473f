using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>The weight of the log-rank (Mantel–Cox) test in <see cref="WeightedLogRank"/>: every event time weighs the same, w_j = 1.</summary>
/// <remarks>Mantel (1966); Peto &amp; Peto (1972). R's <c>survdiff(Surv(time, status) ~ group)</c>.</remarks>
internal readonly struct LogRankWeight : ILogRankWeight
{
    public double At(in EventTimeSummary time) => 1;
}
