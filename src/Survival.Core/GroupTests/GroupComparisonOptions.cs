using System.Collections.Immutable;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Inference;

namespace Survival.Core.GroupTests;

/// <summary>What <see cref="GroupComparison.Compare(CountingTable, GroupComparisonOptions, CancellationToken)"/> computes, with R's defaults.</summary>
public sealed record GroupComparisonOptions
{
    /// <summary>The weighted log-rank tests to run, one result each; empty for the log-rank test alone.</summary>
    public ImmutableArray<TestWeight> Weights { get; init; } = [];

    /// <summary>p of the Fleming–Harrington weight, ≥ 0; 0 by default.</summary>
    public double FlemingHarringtonP { get; init; }

    /// <summary>q of the Fleming–Harrington weight, ≥ 0; 0 by default (so that G(ρ, 0) is R's survdiff(rho = ρ)).</summary>
    public double FlemingHarringtonQ { get; init; }

    /// <summary>Whether tests, pairwise tests and the Cox model are stratified by the strata factor (which is then required).</summary>
    public bool Stratified { get; init; }

    /// <summary>Whether each test is accompanied by the test for trend.</summary>
    public bool Trend { get; init; }

    /// <summary>The trend score of each group, in group order; empty for 1, 2, …, k.</summary>
    public ImmutableArray<double> TrendScores { get; init; } = [];

    /// <summary>τ of the RMST difference and ratio of each group against the reference; null for none.</summary>
    public double? RmstTau { get; init; }

    /// <summary>The landmarks at which each group's survival is compared with the reference's.</summary>
    public ImmutableArray<double> LandmarkTimes { get; init; } = [];

    /// <summary>Whether to test pairs of groups.</summary>
    public bool Pairwise { get; init; }

    /// <summary>The multiplicity adjustment of the pairwise p-values; Holm by default, as R.</summary>
    public PValueAdjustment PValueAdjustment { get; init; } = PValueAdjustment.Holm;

    /// <summary>Null to test every pair; else each other group is tested against this one only.</summary>
    public string? ControlGroup { get; init; }

    /// <summary>The Cox model's handling of ties; Efron by default, as R.</summary>
    public TieMethod Ties { get; init; } = TieMethod.Efron;

    /// <summary>The group hazard ratios are relative to; null for the first group, as R.</summary>
    public string? ReferenceGroup { get; init; }

    /// <summary>Where the tests' p-values come from: asymptotic by default, exact (two groups) or Monte Carlo.</summary>
    public TestDistribution Distribution { get; init; } = TestDistribution.Asymptotic;

    /// <summary>Monte Carlo resamples; 10 000 by default, as coin's approximate().</summary>
    public int Resamples { get; init; } = 10_000;

    /// <summary>The Monte Carlo seed, fixed so that a call repeats its p-value.</summary>
    public int Seed { get; init; } = 20;

    /// <summary>The memory the exact distribution may take; larger ones are refused before any work.</summary>
    public long ExactMemoryLimitBytes { get; init; } = 256L << 20;

    /// <summary>The confidence level of every interval; 0.95 by default.</summary>
    public ConfidenceLevel Level { get; init; } = ConfidenceLevel.Default;
}
