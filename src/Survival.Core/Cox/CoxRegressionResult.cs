using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.Cox;

/// <summary>A Cox regression as R's <c>coxph</c> and <c>summary.coxph</c> report it.</summary>
/// <param name="Ties">How tied event times were handled.</param>
/// <param name="Stratified">Whether each stratum had its own baseline hazard.</param>
/// <param name="Coefficients">One per design column, in model order.</param>
/// <param name="Variance">I(β̂)⁻¹, row-major over the columns; zero rows and columns for aliased columns.</param>
/// <param name="LikelihoodRatio">2(log L(β̂) − log L(0)) on as many degrees of freedom as estimated coefficients.</param>
/// <param name="Wald">β̂' I(β̂) β̂ on the estimated coefficients.</param>
/// <param name="Score">U(0)' I(0)⁻¹ U(0), the score (log-rank type) test.</param>
/// <param name="Concordance">Harrell's C with its standard error, as <c>fit$concordance</c>; null without comparable pairs.</param>
/// <param name="LogLikelihoodNull">log L(0).</param>
/// <param name="LogLikelihood">log L(β̂).</param>
/// <param name="Iterations">Newton–Raphson iterations as R counts them.</param>
/// <param name="Converged">False when the iteration did not converge or a coefficient may be infinite.</param>
/// <param name="NotConvergedReason">Why <paramref name="Converged"/> is false; null otherwise.</param>
/// <param name="Subjects">Subjects in the model.</param>
/// <param name="Events">Events in the model.</param>
/// <param name="ProportionalHazards">R's <c>cox.zph</c> when requested and estimable; null otherwise.</param>
/// <param name="ProportionalHazardsNotEstimableReason">Why the requested test is absent; null otherwise.</param>
/// <param name="Curves">The adjusted survival curves asked for, per profile (and stratum), in order.</param>
public sealed record CoxRegressionResult(
    TieMethod Ties,
    bool Stratified,
    ImmutableArray<CoxRegressionCoefficient> Coefficients,
    ImmutableArray<double> Variance,
    ChiSquareTest LikelihoodRatio,
    ChiSquareTest Wald,
    ChiSquareTest Score,
    ConcordanceEstimate? Concordance,
    double LogLikelihoodNull,
    double LogLikelihood,
    int Iterations,
    bool Converged,
    string? NotConvergedReason,
    int Subjects,
    int Events,
    ProportionalHazardsTest? ProportionalHazards,
    string? ProportionalHazardsNotEstimableReason,
    ImmutableArray<AdjustedSurvivalCurve> Curves);
