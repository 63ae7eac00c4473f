using System.Collections.Immutable;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.IntervalCensoring;

/// <summary>What to estimate from each group's Turnbull estimate.</summary>
public sealed record IntervalSummaryOptions
{
    /// <summary>The number of bootstrap replicates when none is asked for.</summary>
    public const int DefaultBootstrapReplicates = 200;

    /// <summary>The bootstrap seed when none is given.</summary>
    public const ulong DefaultBootstrapSeed = 20_251_206;

    /// <summary>Confidence level of every interval; 0.95 by default.</summary>
    public ConfidenceLevel Level { get; init; } = ConfidenceLevel.Default;

    /// <summary>Transformation of the pointwise intervals; log by default, as for Kaplan–Meier curves.</summary>
    public ConfidenceType Type { get; init; } = ConfidenceType.Log;

    /// <summary>Quantile probabilities; 0.25, 0.5 and 0.75 by default.</summary>
    public ImmutableArray<double> Quantiles { get; init; } = SurvivalQuantile.DefaultProbabilities;

    /// <summary>Times at which to report survival; none by default.</summary>
    public ImmutableArray<double> LandmarkTimes { get; init; } = [];

    /// <summary>Bootstrap replicates for the standard errors and intervals; 0 for none.</summary>
    public int BootstrapReplicates { get; init; } = DefaultBootstrapReplicates;

    /// <summary>The bootstrap's seed: the same seed and data give the same intervals.</summary>
    public ulong BootstrapSeed { get; init; } = DefaultBootstrapSeed;
}
