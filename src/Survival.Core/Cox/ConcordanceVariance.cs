namespace Survival.Core.Cox;

/// <summary>
/// Harrell's concordance from its pair counts, with the infinitesimal-jackknife standard error R's
/// <c>concordance()</c> reports (survival ≥ 3.0), from each class's pair counts, summed within clusters when given.
/// </summary>
/// <remarks>
/// With C, D, T the concordant, discordant and tied (in the score) comparable pairs and N = C + D + T, Somers'
/// d = (C − D)/N and the concordance is (d + 1)/2 = (C + T/2)/N (Harrell, Califf, Pryor, Lee &amp; Rosati 1982).
/// With Cₖ, Dₖ, Tₖ the pairs member k belongs to (as the event or as the one at risk),
/// dₖ = (Cₖ − Dₖ)/N − d(Cₖ + Dₖ + Tₖ)/N is ∂d/∂wₖ, var(d) = Σₖ wₖ²dₖ² and var(C) = var(d)/4
/// (Therneau &amp; Atkinson, "Concordance", survival package vignette); with clusters (R's
/// <c>concordancefit(cluster = )</c>) var(d) = Σ_c (Σ_{k∈c} wₖdₖ)². Members of one class have equal influence, so a
/// class adds its Σ w² times dₖ².
/// </remarks>
internal static class ConcordanceVariance
{
    /// <summary>Each class's pair counts, Σ w² and weight, and cluster.</summary>
    /// <param name="Net">Cₖ − Dₖ of each class.</param>
    /// <param name="Pairs">Cₖ + Dₖ + Tₖ of each class.</param>
    /// <param name="Squares">Σ w² of each class's members; null for weights of 1.</param>
    /// <param name="Weight">Each class's weight (a row of one's w); null for weights of 1.</param>
    /// <param name="Cluster">Each class's cluster (rows of one only); null without clusters.</param>
    /// <param name="ClusterCount">The number of clusters.</param>
    public sealed record Influence(double[] Net, double[] Pairs, double[]? Squares, double[]? Weight, int[]? Cluster, int ClusterCount);

    /// <summary>The estimate, its standard error absent when <paramref name="influence"/> is; null without comparable pairs.</summary>
    public static ConcordanceEstimate? Estimate(double concordant, double discordant, double tied, Influence? influence) =>
        Estimate(concordant, discordant, tied, influence is null ? null : (somers, total) => Variance(influence, somers, total));

    /// <summary>
    /// The estimate, with var(d) from <paramref name="variance"/>(d, N) (a <see cref="Sum"/> of the classes' influences);
    /// its standard error absent when that is null; null without comparable pairs.
    /// </summary>
    public static ConcordanceEstimate? Estimate(double concordant, double discordant, double tied, Func<double, double, double>? variance)
    {
        var total = concordant + discordant + tied;
        if (total == 0) return null;
        var somers = (concordant - discordant) / total;
        return new ConcordanceEstimate((somers + 1) / 2, variance is null ? null : Math.Sqrt(variance(somers, total) / 4),
            concordant, discordant, tied);
    }

    private static double Variance(Influence influence, double somers, double total)
    {
        var sum = new Sum(somers, total, influence.Cluster is null ? 0 : influence.ClusterCount);
        for (var k = 0; k < influence.Net.Length; k++)
            sum.Add(influence.Net[k], influence.Pairs[k], influence.Squares?[k] ?? 1, influence.Weight?[k] ?? 1, influence.Cluster?[k] ?? 0);
        return sum.Variance;
    }

    /// <summary>var(d) summed class by class: Σₖ (Σ w²)ₖ dₖ², or with clusters Σ_c (Σ_{k∈c} wₖdₖ)².</summary>
    /// <param name="somers">Somers' d.</param>
    /// <param name="total">N, the comparable pairs.</param>
    /// <param name="clusters">The number of clusters; 0 without them.</param>
    public sealed class Sum(double somers, double total, int clusters)
    {
        private readonly double[]? _clusters = clusters > 0 ? new double[clusters] : null;
        private double _variance;

        /// <summary>Adds a class with Cₖ − Dₖ = <paramref name="net"/> and Cₖ + Dₖ + Tₖ = <paramref name="pairs"/>.</summary>
        public void Add(double net, double pairs, double squares, double weight, int cluster)
        {
            var d = net / total - somers / total * pairs;
            if (_clusters is not null) _clusters[cluster] += weight * d;
            else _variance += squares * d * d;
        }

        public double Variance => _clusters?.Sum(s => s * s) ?? _variance;
    }
}
