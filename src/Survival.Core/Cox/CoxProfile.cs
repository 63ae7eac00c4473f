namespace Survival.Core.Cox;

/// <summary>Covariate values at which to draw an adjusted survival curve; every model term must be given.</summary>
/// <param name="Label">The curve's label.</param>
/// <param name="Covariates">The value of each numeric term.</param>
/// <param name="Factors">The level of each factor term.</param>
public sealed record CoxProfile(string Label, IReadOnlyDictionary<string, double> Covariates, IReadOnlyDictionary<string, string> Factors);
