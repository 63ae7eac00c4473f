using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>The log-rank (Mantel–Cox) test: every event time weighs the same, w_j = 1.</summary>
/// <remarks>Mantel (1966); Peto &amp; Peto (1972). R's <c>survdiff(Surv(time, status) ~ group)</c>.</remarks>
internal readonly struct LogRankTest : ILogRankWeight
{
    public double At(in EventTimeSummary time) => 1;
}
