using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.Cox;

/// <summary>R's <c>cox.zph</c>: a score test of proportional hazards per term and for the whole model.</summary>
/// <param name="Terms">One test per term (a factor is one term with levels − 1 degrees of freedom), in model order.</param>
/// <param name="Global">The joint test over all estimated coefficients.</param>
public sealed record ProportionalHazardsTest(ImmutableArray<ProportionalHazardsTermTest> Terms, ChiSquareTest Global);
