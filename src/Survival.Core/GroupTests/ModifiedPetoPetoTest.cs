using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>The modified Peto–Peto test: w_j = S̃(t_j)·n_j/(n_j + 1).</summary>
/// <remarks>Andersen, Borgan, Gill &amp; Keiding (1982); Klein &amp; Moeschberger (2003) §7.3.</remarks>
internal readonly struct ModifiedPetoPetoTest : ILogRankWeight
{
    public double At(in EventTimeSummary time) => time.PetoSurvival * time.AtRisk / (time.AtRisk + 1);
}
