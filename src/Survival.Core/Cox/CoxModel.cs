using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.Cox;

/// <summary>
/// A fitted Cox model as R's <c>coxph</c> and <c>summary.coxph</c> report it: the group factor's of a comparison, a
/// regression's, a counting-process or Fine–Gray regression's alike.
/// </summary>
public sealed record CoxModel
{
    /// <summary>How tied event times were handled.</summary>
    public required TieMethod Ties { get; init; }

    /// <summary>Whether each stratum had its own baseline hazard.</summary>
    public required bool Stratified { get; init; }

    /// <summary>One per design column, in model order (for the group factor, one per group other than the reference).</summary>
    public required ImmutableArray<CoxCoefficient> Coefficients { get; init; }

    /// <summary>var(β̂) as reported, row-major over the columns (the robust variance when robust); zero rows and columns for columns not estimated.</summary>
    public required ImmutableArray<double> Variance { get; init; }

    /// <summary>2(log L(β̂) − log L(0)) on as many degrees of freedom as estimated coefficients.</summary>
    public required ChiSquareTest LikelihoodRatio { get; init; }

    /// <summary>β̂'V⁻¹β̂ on the estimated coefficients, V the reported variance (R's <c>fit$wald.test</c>).</summary>
    public required ChiSquareTest Wald { get; init; }

    /// <summary>U(0)' I(0)⁻¹ U(0), the score (log-rank type) test.</summary>
    public required ChiSquareTest Score { get; init; }

    /// <summary>R's robust score test (<c>fit$rscore</c>) when the variance is robust; null otherwise.</summary>
    public ChiSquareTest? RobustScore { get; init; }

    /// <summary>Harrell's C with its standard error, as <c>fit$concordance</c>; null without comparable pairs.</summary>
    public ConcordanceEstimate? Concordance { get; init; }

    /// <summary>log L(0); null when the model is not estimable.</summary>
    public double? LogLikelihoodNull { get; init; }

    /// <summary>log L(β̂); null when the model is not estimable.</summary>
    public double? LogLikelihood { get; init; }

    /// <summary>Newton–Raphson iterations as R counts them.</summary>
    public required int Iterations { get; init; }

    /// <summary>False when the iteration did not converge or a coefficient may be infinite.</summary>
    public required bool Converged { get; init; }

    /// <summary>Why <see cref="Converged"/> is false; null otherwise.</summary>
    public string? NotConvergedReason { get; init; }

    /// <summary>Rows in the model (R's <c>n</c>): subjects, or (start, stop] stretches of them.</summary>
    public required int Subjects { get; init; }

    /// <summary>Events in the model (of the cause of interest for a Fine–Gray model).</summary>
    public required int Events { get; init; }

    /// <summary>Whether the variance is R's robust sandwich (fractional weights, clusters, or an id with several events).</summary>
    public bool Robust { get; init; }

    /// <summary>The clusters the robust variance summed over (R's <c>cluster(id)</c>); 0 when each row was its own.</summary>
    public int Clusters { get; init; }

    /// <summary>For a Fine–Gray model, the cause whose subdistribution hazard it models; null for an ordinary Cox model.</summary>
    public string? CauseOfInterest { get; init; }

    /// <summary>R's <c>cox.zph</c> when requested and estimable; null otherwise.</summary>
    public ProportionalHazardsTest? ProportionalHazards { get; init; }

    /// <summary>Why the requested <c>cox.zph</c> is absent; null otherwise.</summary>
    public string? ProportionalHazardsNotEstimableReason { get; init; }

    /// <summary>The adjusted survival (Fine–Gray: cumulative incidence) curves asked for, per profile (and stratum), in order.</summary>
    public ImmutableArray<AdjustedSurvivalCurve> Curves { get; init; } = [];
}
