using System.Collections.Immutable;

namespace Survival.Core.MetaAnalysis;

/// <summary>Studies pooled by one method, on the scale of the studies' estimates (exponentiate a log hazard ratio).</summary>
public sealed record PooledEstimate
{
    /// <summary>The method.</summary>
    public required PoolingMethod Method { get; init; }

    /// <summary>Number of studies pooled.</summary>
    public required int Studies { get; init; }

    /// <summary>μ̂ = Σ w_i y_i / Σ w_i.</summary>
    public required double Estimate { get; init; }

    /// <summary>se(μ̂) = 1/√Σ w_i.</summary>
    public required double StdError { get; init; }

    /// <summary>μ̂ − z·se.</summary>
    public required double Lower { get; init; }

    /// <summary>μ̂ + z·se.</summary>
    public required double Upper { get; init; }

    /// <summary>z = μ̂/se.</summary>
    public required double Z { get; init; }

    /// <summary>2Φ(−|z|).</summary>
    public required double PValue { get; init; }

    /// <summary>τ², the between-study variance (0 for the fixed effect).</summary>
    public required double Tau2 { get; init; }

    /// <summary>Cochran's Q with the fixed-effect weights.</summary>
    public required double Q { get; init; }

    /// <summary>k − 1.</summary>
    public required int QDegreesOfFreedom { get; init; }

    /// <summary>P(χ²_{k−1} ≥ Q); null with one study.</summary>
    public double? QPValue { get; init; }

    /// <summary>I², in percent; null with one study.</summary>
    public double? I2 { get; init; }

    /// <summary>H²; null with one study.</summary>
    public double? H2 { get; init; }

    /// <summary>The prediction interval of a new study's effect, μ̂ ± z·√(se² + τ²); null for the fixed effect.</summary>
    public double? PredictionLower { get; init; }

    /// <summary>The upper end of the prediction interval.</summary>
    public double? PredictionUpper { get; init; }

    /// <summary>Each study's weight w_i/Σ w in percent, in the order given.</summary>
    public required ImmutableArray<double> WeightsPercent { get; init; }

    /// <summary>Iterations of the REML estimate of τ² (0 for the other methods).</summary>
    public int Iterations { get; init; }

    /// <summary>Whether the REML iterations converged within metafor's 100 steps (always true for the other methods).</summary>
    public bool Converged { get; init; } = true;

    /// <summary>τ = √τ².</summary>
    public double Tau => Math.Sqrt(Tau2);
}
