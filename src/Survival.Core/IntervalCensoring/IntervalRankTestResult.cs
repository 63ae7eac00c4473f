using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.IntervalCensoring;

/// <summary>One interval-censored rank test of equal survival across groups, in its permutation and its score-test form.</summary>
public sealed record IntervalRankTestResult
{
    /// <summary>The rank scores.</summary>
    public required IntervalScore Score { get; init; }

    /// <summary>The groups, in the table's order.</summary>
    public required ImmutableArray<string> Groups { get; init; }

    /// <summary>Subjects per group.</summary>
    public required ImmutableArray<long> Subjects { get; init; }

    /// <summary>
    /// U_g = Σ_{i in group g} c_i, the sum of the rank scores (R's interval prints it as the "Score Statistic", "like
    /// Obs − Exp": positive when the group's events came earlier than under equal survival); they sum to 0.
    /// </summary>
    public required ImmutableArray<double> ScoreSums { get; init; }

    /// <summary>The permutation test (interval's <c>method = "pclt"</c>, its default).</summary>
    public required IntervalTestStatistic Permutation { get; init; }

    /// <summary>The score test of the grouped continuous model (interval's <c>method = "scoretest"</c>; Finkelstein's 1986 test for her scores).</summary>
    public required IntervalTestStatistic ScoreTest { get; init; }
}

/// <summary>A chi-square test and, with two groups, the signed normal statistic of the second group against the first.</summary>
/// <param name="Test">χ² = U'V⁻¹U on the groups but the first, k − 1 degrees of freedom.</param>
/// <param name="Z">With two groups, U_2 / √V_22 (χ² = Z²), positive when the second group fails earlier; null otherwise or when not estimable.</param>
public sealed record IntervalTestStatistic(ChiSquareTest Test, double? Z);
