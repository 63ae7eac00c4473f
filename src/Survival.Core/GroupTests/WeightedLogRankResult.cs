using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.GroupTests;

/// <summary>One test of the weighted log-rank family comparing k groups.</summary>
/// <param name="Weight">The weight function.</param>
/// <param name="FlemingHarringtonP">p of a Fleming–Harrington weight; null for the other weights.</param>
/// <param name="FlemingHarringtonQ">q of a Fleming–Harrington weight; null for the other weights.</param>
/// <param name="Stratified">Whether U and V were summed over strata.</param>
/// <param name="Test">χ² = U'V⁻U on (groups with a positive expected count − 1) degrees of freedom.</param>
/// <param name="Observed">Weighted observed events per group, Σ_j w_j d_gj (the event count for the log-rank weight).</param>
/// <param name="Expected">Weighted expected events per group, Σ_j w_j d_j n_gj / n_j.</param>
/// <param name="Variance">V, k×k row-major: V_gh = Σ_j w_j² d_j (n_j − d_j)/(n_j − 1) (n_gj/n_j)(δ_gh − n_hj/n_j).</param>
/// <param name="Trend">The trend test, when requested.</param>
public sealed record WeightedLogRankResult(
    TestWeight Weight,
    double? FlemingHarringtonP,
    double? FlemingHarringtonQ,
    bool Stratified,
    ChiSquareTest Test,
    ImmutableArray<double> Observed,
    ImmutableArray<double> Expected,
    ImmutableArray<double> Variance,
    TrendTestResult? Trend)
{
    /// <summary>The permutation p-value, when an exact or Monte Carlo distribution was asked for (<see cref="PermutationTest"/>).</summary>
    public PermutationTestResult? Permutation { get; init; }

    /// <summary>U_g = Observed_g − Expected_g, the score whose quadratic form is the statistic.</summary>
    public double Score(int group) => Observed[group] - Expected[group];
}
