using Survival.Core.Inference;

namespace Survival.Core.Cox;

/// <summary>The proportional-hazards test of one term.</summary>
/// <param name="Term">The term's name.</param>
/// <param name="Test">Its chi-square on the term's number of estimated coefficients.</param>
public sealed record ProportionalHazardsTermTest(string Term, ChiSquareTest Test);
