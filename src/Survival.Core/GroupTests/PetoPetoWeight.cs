using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>The weight of the Peto–Peto test in <see cref="WeightedLogRank"/>: w_j = S̃(t_j) = Π_{t_i ≤ t_j} (1 − d_i/(n_i + 1)).</summary>
/// <remarks>
/// Peto &amp; Peto (1972); Klein &amp; Moeschberger (2003) §7.3. S̃ is a survival estimate that, unlike the
/// Kaplan–Meier, does not depend on the censoring pattern of the groups.
/// </remarks>
internal readonly struct PetoPetoWeight : ILogRankWeight
{
    public double At(in EventTimeSummary time) => time.PetoSurvival;
}
