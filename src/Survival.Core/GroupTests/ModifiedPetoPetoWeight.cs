using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>The weight of the modified Peto–Peto test in <see cref="WeightedLogRank"/>: w_j = S̃(t_j)·n_j/(n_j + 1).</summary>
/// <remarks>Andersen, Borgan, Gill &amp; Keiding (1982); Klein &amp; Moeschberger (2003) §7.3.</remarks>
internal readonly struct ModifiedPetoPetoWeight : ILogRankWeight
{
    public double At(in EventTimeSummary time) => time.PetoSurvival * time.AtRisk / (time.AtRisk + 1);
}
