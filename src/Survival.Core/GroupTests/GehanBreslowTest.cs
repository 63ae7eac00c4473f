using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>The Gehan–Breslow generalized Wilcoxon test: w_j = n_j, so early times, with more at risk, weigh more.</summary>
/// <remarks>Gehan (1965), extended to k groups by Breslow (1970); Klein &amp; Moeschberger (2003) §7.3.</remarks>
internal readonly struct GehanBreslowTest : ILogRankWeight
{
    public double At(in EventTimeSummary time) => time.AtRisk;
}
