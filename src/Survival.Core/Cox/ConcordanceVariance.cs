namespace Survival.Core.Cox;

/// <summary>
/// Harrell's concordance from its pair counts, with the infinitesimal-jackknife standard error R's
/// <c>concordance()</c> reports (survival ≥ 3.0), for the regression's per-subject counts and the group model's
/// counts per cell of the risk table alike.
/// </summary>
/// <remarks>
/// With C, D, T the concordant, discordant and tied (in the score) comparable pairs and N = C + D + T, Somers'
/// d = (C − D)/N and the concordance is (d + 1)/2 = (C + T/2)/N (Harrell, Califf, Pryor, Lee &amp; Rosati 1982).
/// With Cₖ, Dₖ, Tₖ the pairs subject k belongs to (as the event or as the one at risk),
/// dₖ = (Cₖ − Dₖ)/N − d(Cₖ + Dₖ + Tₖ)/N is ∂d/∂wₖ, var(d) = Σₖ dₖ² and var(C) = var(d)/4
/// (Therneau &amp; Atkinson, "Concordance", survival package vignette). Subjects with equal counts have equal
/// influence, so a class of m of them adds m·dₖ².
/// </remarks>
internal static class ConcordanceVariance
{
    /// <summary>The estimate; null without comparable pairs.</summary>
    /// <param name="concordant">C.</param>
    /// <param name="discordant">D.</param>
    /// <param name="tied">T.</param>
    /// <param name="net">Cₖ − Dₖ of each subject (or class).</param>
    /// <param name="pairs">Cₖ + Dₖ + Tₖ of each subject (or class).</param>
    /// <param name="multiplicity">The subjects in each class; empty when every entry is one subject.</param>
    public static ConcordanceEstimate? Estimate(
        double concordant, double discordant, double tied, ReadOnlySpan<double> net, ReadOnlySpan<double> pairs, ReadOnlySpan<double> multiplicity)
    {
        var total = concordant + discordant + tied;
        if (total == 0) return null;
        var somers = (concordant - discordant) / total;
        var variance = 0.0;
        for (var k = 0; k < net.Length; k++)
        {
            var influence = net[k] / total - somers / total * pairs[k];
            variance += multiplicity.IsEmpty ? influence * influence : multiplicity[k] * influence * influence;
        }
        return new ConcordanceEstimate((somers + 1) / 2, Math.Sqrt(variance / 4), concordant, discordant, tied);
    }
}
