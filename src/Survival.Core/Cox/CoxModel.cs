using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.Cox;

/// <summary>A Cox proportional hazards model of survival on the group factor, as R's <c>coxph</c> reports it.</summary>
/// <param name="ReferenceGroup">The group every term is compared with.</param>
/// <param name="Ties">How tied event times were handled.</param>
/// <param name="Stratified">Whether each stratum had its own baseline hazard.</param>
/// <param name="Terms">One term per group other than the reference, in group order.</param>
/// <param name="LikelihoodRatio">2(log L(β̂) − log L(0)), on as many degrees of freedom as fitted terms (k − 1 unless a group is never at risk at an event time).</param>
/// <param name="Wald">β̂' I(β̂) β̂, on the same degrees of freedom.</param>
/// <param name="Score">U(0)' I(0)⁻¹ U(0), on the same degrees of freedom (the log-rank test, with ties as above).</param>
/// <param name="Concordance">Harrell's C as R's <c>concordance</c> reports it for the model; null without comparable pairs.</param>
/// <param name="ConcordanceStdError">Its infinitesimal-jackknife standard error (R's <c>fit$concordance["std"]</c>); null without comparable pairs or with delayed entry.</param>
/// <param name="LogLikelihoodNull">log L(0).</param>
/// <param name="LogLikelihood">log L(β̂).</param>
/// <param name="Iterations">Newton–Raphson iterations, counted as R counts them.</param>
/// <param name="Converged">False when the fit did not converge or a coefficient may be infinite.</param>
/// <param name="NotConvergedReason">Why <paramref name="Converged"/> is false; null when it is true.</param>
/// <param name="Subjects">Subjects in the model.</param>
/// <param name="Events">Events in the model.</param>
public sealed record CoxModel(
    string ReferenceGroup,
    TieMethod Ties,
    bool Stratified,
    ImmutableArray<CoxTerm> Terms,
    ChiSquareTest LikelihoodRatio,
    ChiSquareTest Wald,
    ChiSquareTest Score,
    double? Concordance,
    double? ConcordanceStdError,
    double? LogLikelihoodNull,
    double? LogLikelihood,
    int Iterations,
    bool Converged,
    string? NotConvergedReason,
    int Subjects,
    int Events);
