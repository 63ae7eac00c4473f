using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>The rules a Cox regression's input must meet, with the sentences that say what is allowed.</summary>
public static class CoxRegressionRules
{
    /// <summary>What a covariate value must be.</summary>
    public const string CovariateRequirement = "must be a finite number";

    /// <summary>What a factor must have.</summary>
    public const string FactorLevelsRequirement = "must have at least two distinct levels";

    /// <summary>Why cox.zph is not offered with case weights.</summary>
    public const string WeightedProportionalHazardsRequirement =
        "must be off when subjects have case weights: the weighted cox.zph is not implemented, and an unweighted test of a weighted fit would mislead";

    /// <summary>Why adjusted curves are not offered with case weights.</summary>
    public const string WeightedCurvesRequirement =
        "must be empty when subjects have case weights: the weighted baseline hazard and its variance are not implemented";

    /// <summary>The message for a model with more coefficients than events.</summary>
    public static string TooManyCoefficients(int coefficients, int events) =>
        $"the model has {coefficients} coefficients but the data has only {events} events; at most one coefficient per event can be estimated";

    /// <summary>The number of coefficients (design columns) the terms make: one per numeric term, levels − 1 per factor.</summary>
    public static int CoefficientCount(IEnumerable<CoxCovariate> terms) =>
        terms.Sum(t => t is FactorCovariate f ? f.Factor.LevelCount - 1 : 1);
}
