namespace Survival.Core.Cox;

/// <summary>The coefficient of one group against the reference group in a Cox model.</summary>
/// <param name="Group">The group this term compares with the reference.</param>
/// <param name="Estimate">Its coefficient, hazard ratio and Wald test; absent with a reason when not estimable.</param>
public sealed record CoxTerm(string Group, CoxCoefficientEstimate Estimate);
