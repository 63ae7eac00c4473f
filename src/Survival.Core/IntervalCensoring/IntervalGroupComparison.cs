using System.Collections.Immutable;
using Survival.Core.GroupTests;
using Survival.Core.Inference;

namespace Survival.Core.IntervalCensoring;

/// <summary>The comparison of interval-censored groups: the rank tests, and beside them the right-censored analyses of each imputation.</summary>
/// <param name="Tests">One test per requested score, in the order requested.</param>
/// <param name="Midpoint">The log-rank test and Cox model with every interval at its midpoint.</param>
/// <param name="RightPoint">The same with every interval at its right end.</param>
public sealed record IntervalComparisonResult(
    ImmutableArray<IntervalRankTestResult> Tests, GroupComparisonResult Midpoint, GroupComparisonResult RightPoint);

/// <summary>Compares the groups of an interval-censored cohort.</summary>
public static class IntervalGroupComparison
{
    /// <summary>All three interval-censored scores, Sun's first (R's interval's default).</summary>
    public static ImmutableArray<IntervalScore> AllScores { get; } =
        [IntervalScore.SunLogRank, IntervalScore.FinkelsteinLogRank, IntervalScore.PetoPetoWilcoxon];

    /// <summary>
    /// The interval-censored rank tests with <paramref name="scores"/> (<see cref="IntervalRankTest"/>) and, side by side,
    /// the log-rank test and the Cox model (Efron ties, hazard ratios against <paramref name="referenceGroup"/>) on the
    /// midpoint and right-point imputations (<see cref="IntervalImputation"/>).
    /// </summary>
    /// <exception cref="InputRuleException">Fewer than two groups, or no such reference group.</exception>
    public static IntervalComparisonResult Compare(
        IntervalCountingTable table, IReadOnlyList<IntervalScore> scores, ConfidenceLevel level, string? referenceGroup = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var tests = IntervalRankTest.Compare(table, scores.Count == 0 ? AllScores : scores);
        cancellationToken.ThrowIfCancellationRequested();
        var options = new GroupComparisonOptions { Level = level, ReferenceGroup = referenceGroup };
        return new IntervalComparisonResult(
            tests,
            GroupComparison.Compare(IntervalImputation.ToCountingTable(table, ImputationRule.Midpoint), options, cancellationToken),
            GroupComparison.Compare(IntervalImputation.ToCountingTable(table, ImputationRule.RightPoint), options, cancellationToken));
    }
}
