using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.Parametric;

/// <summary>One fitted distribution: estimates, fit statistics, and the predictions asked for.</summary>
public sealed record ParametricFit
{
    /// <summary>The distribution.</summary>
    public required ParametricDistribution Distribution { get; init; }

    /// <summary>β on R's (uncentred) scale, the intercept first, as <c>summary(survreg)</c> lists them.</summary>
    public required ImmutableArray<ParametricCoefficient> Coefficients { get; init; }

    /// <summary>The ancillary parameters of each stratum: log σ and σ; the Gompertz shape a; the generalized gamma's log σ, σ and Q.</summary>
    public required ImmutableArray<AncillaryEstimate> Ancillary { get; init; }

    /// <summary>The log-likelihood on the time scale (R's <c>logLik(fit)</c>), so that the families compare; null when not finite.</summary>
    public required double? LogLikelihood { get; init; }

    /// <summary>The log-likelihood of the intercept-only model with the same strata (R's <c>fit$loglik[1]</c>).</summary>
    public required double? LogLikelihoodNull { get; init; }

    /// <summary>−2 log L + 2k (R's <c>AIC()</c>).</summary>
    public required double? Aic { get; init; }

    /// <summary>−2 log L + k log n with n the number of subjects (R's <c>BIC()</c>).</summary>
    public required double? Bic { get; init; }

    /// <summary>k: the estimated coefficients and ancillary parameters.</summary>
    public required int ParameterCount { get; init; }

    /// <summary>2(log L − log L₀) on the number of non-intercept coefficients (<c>print.survreg</c>'s chi-square).</summary>
    public required ChiSquareTest LikelihoodRatio { get; init; }

    /// <summary>The names of the parameters in the order of <see cref="Variance"/> (R's <c>vcov()</c> order).</summary>
    public required ImmutableArray<string> ParameterNames { get; init; }

    /// <summary>The variance matrix I(θ̂)⁻¹, row-major; rows of aliased coefficients are zero.</summary>
    public required ImmutableArray<double> Variance { get; init; }

    /// <summary>Newton–Raphson iterations of the full model (R's <c>fit$iter</c>).</summary>
    public required int Iterations { get; init; }

    /// <summary>Whether the fit converged to an interior maximum.</summary>
    public required bool Converged { get; init; }

    /// <summary>Why the fit is not trustworthy (no convergence, a boundary, a singular information matrix); null when converged.</summary>
    public required string? NotConvergedReason { get; init; }

    /// <summary>What a reader should know of the fit that is not a failure (for example, an exponential has no scale to stratify).</summary>
    public string? Note { get; init; }

    /// <summary>Survival, hazard, quantiles, mean and restricted mean at each profile (and stratum).</summary>
    public ImmutableArray<ParametricPrediction> Predictions { get; init; } = [];
}

/// <summary>One coefficient: the intercept, a numeric term, or one non-reference level of a factor.</summary>
public sealed record ParametricCoefficient
{
    /// <summary>The term ("(Intercept)" for the intercept).</summary>
    public required string Term { get; init; }

    /// <summary>The factor level compared with the reference; empty otherwise.</summary>
    public required string Level { get; init; }

    /// <summary>The factor's reference level; empty otherwise.</summary>
    public required string ReferenceLevel { get; init; }

    /// <summary>R's coefficient name: the term, followed by the level for a factor.</summary>
    public string Name => Term + Level;

    /// <summary>β; null when not estimable (an aliased column).</summary>
    public double? Estimate { get; init; }

    /// <summary>se(β) = √V_cc.</summary>
    public double? StdError { get; init; }

    /// <summary>β − z·se.</summary>
    public double? Lower { get; init; }

    /// <summary>β + z·se.</summary>
    public double? Upper { get; init; }

    /// <summary>β/se.</summary>
    public double? Z { get; init; }

    /// <summary>2Φ(−|z|).</summary>
    public double? PValue { get; init; }

    /// <summary>exp(β) with its interval, for the accelerated-failure-time families (not for the intercept).</summary>
    public RatioEstimate? TimeRatio { get; init; }

    /// <summary>The hazard ratio, for the proportional-hazards families (not for the intercept).</summary>
    public RatioEstimate? HazardRatio { get; init; }

    /// <summary>Why the coefficient is absent; null when present.</summary>
    public string? NotEstimableReason { get; init; }
}

/// <summary>A ratio exp(λ) with its interval exp(λ ± z·se(λ)); absent with a reason where not estimable.</summary>
/// <param name="Estimate">exp(λ).</param>
/// <param name="Lower">exp(λ − z·se).</param>
/// <param name="Upper">exp(λ + z·se).</param>
/// <param name="LogStdError">se(λ).</param>
/// <param name="NotEstimableReason">Why the ratio is absent; null when present.</param>
public sealed record RatioEstimate(double? Estimate, double? Lower, double? Upper, double? LogStdError, string? NotEstimableReason)
{
    internal static RatioEstimate FromLog(double log, double stdError, ConfidenceLevel level) =>
        double.IsFinite(log) && double.IsFinite(stdError)
            ? new(Math.Exp(log), Math.Exp(log - level.Z * stdError), Math.Exp(log + level.Z * stdError), stdError, null)
            : NotEstimable("the estimate is not finite");

    internal static RatioEstimate NotEstimable(string reason) => new(null, null, null, null, reason);
}

/// <summary>An ancillary parameter of one stratum, on its own scale, with its Wald interval.</summary>
/// <param name="Name">R's and flexsurv's name: "Log(scale)" and "scale", "shape", "Log(sigma)", "sigma", "Q".</param>
/// <param name="Stratum">The stratum; empty without strata.</param>
/// <param name="Estimate">The estimate.</param>
/// <param name="StdError">Its standard error (by the delta method for σ = exp(log σ)).</param>
/// <param name="Lower">The lower limit (exp of log σ's limit for σ).</param>
/// <param name="Upper">The upper limit.</param>
public sealed record AncillaryEstimate(string Name, string Stratum, double Estimate, double? StdError, double? Lower, double? Upper);
