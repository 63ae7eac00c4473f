using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>What to estimate from each curve, with R's defaults.</summary>
public sealed record SurvivalSummaryOptions
{
    /// <summary>Confidence level of every interval; 0.95 by default.</summary>
    public ConfidenceLevel Level { get; init; } = ConfidenceLevel.Default;

    /// <summary>Transformation of the pointwise intervals; log by default, as R.</summary>
    public ConfidenceType Type { get; init; } = ConfidenceType.Log;

    /// <summary>Quantile probabilities; 0.25, 0.5 and 0.75 by default.</summary>
    public ImmutableArray<double> Quantiles { get; init; } = SurvivalQuantile.DefaultProbabilities;

    /// <summary>Times at which to report survival; none by default.</summary>
    public ImmutableArray<double> LandmarkTimes { get; init; } = [];

    /// <summary>Truncation time for the restricted mean; none by default.</summary>
    public double? RmstTau { get; init; }

    /// <summary>Whether to estimate the median follow-up (reverse Kaplan–Meier); off by default.</summary>
    public bool MedianFollowUp { get; init; }

    /// <summary>The simultaneous confidence band to estimate beside the pointwise one; none by default.</summary>
    public SimultaneousBandOptions? SimultaneousBand { get; init; }
}
