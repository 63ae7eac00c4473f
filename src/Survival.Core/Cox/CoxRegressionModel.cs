using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>A fitted Cox regression with what later computations (adjusted curves) need besides the reported result.</summary>
internal sealed record CoxRegressionModel(
    CoxRegressionResult Result,
    CoxDesign Design,
    CoxRiskSets Sets,
    double[] Beta,
    double[] Variance,
    CoxRegressionOptions Options);
