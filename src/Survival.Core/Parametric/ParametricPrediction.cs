using System.Collections.Immutable;

namespace Survival.Core.Parametric;

/// <summary>What a fitted distribution predicts at one covariate profile in one stratum.</summary>
public sealed record ParametricPrediction
{
    /// <summary>The profile's label.</summary>
    public required string Label { get; init; }

    /// <summary>The stratum; empty without strata.</summary>
    public required string Stratum { get; init; }

    /// <summary>η = x'β̂ at the profile.</summary>
    public required double LinearPredictor { get; init; }

    /// <summary>S, h and H at the requested times.</summary>
    public required ImmutableArray<ParametricCurvePoint> AtTimes { get; init; }

    /// <summary>S, h and H on an even grid from 0 to the horizon.</summary>
    public required ImmutableArray<ParametricCurvePoint> Curve { get; init; }

    /// <summary>The requested quantiles.</summary>
    public required ImmutableArray<ParametricQuantile> Quantiles { get; init; }

    /// <summary>E[T] = ∫₀^∞ S(t) dt.</summary>
    public required ParametricMean Mean { get; init; }

    /// <summary>∫₀^τ S(t) dt; null when no τ was given.</summary>
    public ParametricMean? Rmst { get; init; }
}

/// <summary>S(t), h(t) and H(t) with pointwise intervals by the delta method on log H and log h.</summary>
public sealed record ParametricCurvePoint
{
    /// <summary>The time.</summary>
    public required double Time { get; init; }

    /// <summary>S(t) = exp(−H(t)).</summary>
    public required double Survival { get; init; }

    /// <summary>exp(−H·e^{z·se(log H)}); null at H = 0.</summary>
    public double? SurvivalLower { get; init; }

    /// <summary>exp(−H·e^{−z·se(log H)}); null at H = 0.</summary>
    public double? SurvivalUpper { get; init; }

    /// <summary>H(t).</summary>
    public required double CumulativeHazard { get; init; }

    /// <summary>se(H) = H·se(log H); null at H = 0.</summary>
    public double? CumulativeHazardStdError { get; init; }

    /// <summary>h(t); null where infinite (a Weibull of shape below 1 at t = 0).</summary>
    public double? Hazard { get; init; }

    /// <summary>h·e^{−z·se(log h)}.</summary>
    public double? HazardLower { get; init; }

    /// <summary>h·e^{z·se(log h)}.</summary>
    public double? HazardUpper { get; init; }
}

/// <summary>The time t_p with S(t_p) = 1 − p, its delta-method standard error and an interval on the log scale.</summary>
/// <param name="Probability">p.</param>
/// <param name="Time">t_p; null when S never falls to 1 − p (a Gompertz with a &lt; 0 and its cured fraction).</param>
/// <param name="StdError">se(t_p), R's <c>predict(fit, type = "quantile", se.fit = TRUE)</c>.</param>
/// <param name="Lower">t_p·exp(−z·se/t_p).</param>
/// <param name="Upper">t_p·exp(z·se/t_p).</param>
public sealed record ParametricQuantile(double Probability, double? Time, double? StdError, double? Lower, double? Upper);

/// <summary>A mean or restricted mean with its delta-method standard error and Wald interval.</summary>
/// <param name="Tau">The truncation time; null for the (unrestricted) mean.</param>
/// <param name="Estimate">The estimate; null where infinite.</param>
/// <param name="StdError">Its standard error.</param>
/// <param name="Lower">Estimate − z·se.</param>
/// <param name="Upper">Estimate + z·se.</param>
/// <param name="NotEstimableReason">Why the estimate is absent.</param>
public sealed record ParametricMean(double? Tau, double? Estimate, double? StdError, double? Lower, double? Upper, string? NotEstimableReason);
