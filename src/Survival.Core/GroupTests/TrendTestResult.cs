using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.GroupTests;

/// <summary>The test for trend across ordered groups, on 1 degree of freedom.</summary>
/// <param name="Scores">The score s_g of each group, in group order.</param>
/// <param name="Test">χ² = (s'U)² / (s'Vs) with U and V those of the weighted log-rank test it accompanies.</param>
public sealed record TrendTestResult(ImmutableArray<double> Scores, ChiSquareTest Test);
