using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.Parametric;

/// <summary>How to fit the parametric models and what to predict from them.</summary>
public sealed record ParametricOptions
{
    /// <summary>The level of every interval.</summary>
    public ConfidenceLevel Level { get; init; } = ConfidenceLevel.Default;

    /// <summary>Newton–Raphson stops when |1 − L_old/L_new| ≤ this (R's <c>survreg.control(rel.tolerance)</c>, 10⁻⁹).</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>The most Newton–Raphson iterations of the full model (R's <c>iter.max</c>, 30).</summary>
    public int MaxIterations { get; init; } = 30;

    /// <summary>Covariate profiles to predict at; empty: each level of the first factor term (or one profile at the covariates' means).</summary>
    public ImmutableArray<ParametricProfile> Profiles { get; init; } = [];

    /// <summary>Times at which to report S, h and H; each finite and ≥ 0.</summary>
    public ImmutableArray<double> Times { get; init; } = [];

    /// <summary>Probabilities p of the quantiles t_p with S(t_p) = 1 − p; each in (0, 1).</summary>
    public ImmutableArray<double> Quantiles { get; init; } = [0.25, 0.5, 0.75];

    /// <summary>How far to draw the predicted curves (the extrapolation horizon); null: the last follow-up time.</summary>
    public double? Horizon { get; init; }

    /// <summary>Intervals of the curve's grid from 0 to the horizon.</summary>
    public int GridIntervals { get; init; } = 100;

    /// <summary>The truncation time of the restricted mean; null for none.</summary>
    public double? RmstTau { get; init; }
}

/// <summary>Covariate values (and a stratum) at which to predict.</summary>
/// <param name="Label">The prediction's label.</param>
/// <param name="Covariates">The value of each numeric term.</param>
/// <param name="Factors">The level of each factor term.</param>
/// <param name="Stratum">The stratum whose ancillary parameters apply; null: one prediction per stratum.</param>
public sealed record ParametricProfile(
    string Label, IReadOnlyDictionary<string, double> Covariates, IReadOnlyDictionary<string, string> Factors, string? Stratum = null);
