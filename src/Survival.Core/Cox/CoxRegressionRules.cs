using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>The rules a Cox regression's input must meet, with the sentences that say what is allowed.</summary>
public static class CoxRegressionRules
{
    /// <summary>What a covariate value must be.</summary>
    public const string CovariateRequirement = "must be a finite number";

    /// <summary>What a factor must have.</summary>
    public const string FactorLevelsRequirement = "must have at least two distinct levels";

    /// <summary>What the iteration limit must be.</summary>
    public const string MaxIterationsRequirement = "must be at least 1";

    /// <summary>What the cause of interest of a Fine–Gray model must be.</summary>
    public const string CauseOfInterestRequirement = "must name the cause of some event of the cohort";

    /// <summary>The message for a model with more coefficients than events.</summary>
    public static string TooManyCoefficients(int coefficients, int events) =>
        $"the model has {coefficients} coefficients but the data has only {events} events; at most one coefficient per event can be estimated";

    /// <summary>The number of coefficients (design columns) the terms make: one per numeric term, levels − 1 per factor.</summary>
    public static int CoefficientCount(IEnumerable<CoxCovariate> terms) =>
        terms.Sum(t => t is FactorCovariate f ? f.Factor.LevelCount - 1 : 1);
}
