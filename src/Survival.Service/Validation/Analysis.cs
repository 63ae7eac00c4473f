using Survival.Service.Mapping;
using ProtoPlotOptions = Survival.V1.PlotOptions;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.GroupTests;
using Survival.Core.IntervalCensoring;
using System.Collections.Immutable;

namespace Survival.Service.Validation;

/// <summary>One RPC's request, checked and in the engine's types: what the service computes from.</summary>
/// <param name="Cohort">The cohort's counting table and where its groups were named.</param>
/// <param name="Estimates">What to estimate from each group's curve.</param>
/// <param name="Comparison">What to compare between groups; null when the RPC compares nothing.</param>
/// <param name="Plot">The figure asked for; null for none.</param>
internal sealed record Analysis(CohortData Cohort, SurvivalSummaryOptions Estimates, GroupComparisonOptions? Comparison, ProtoPlotOptions? Plot)
{
    /// <summary>Whether the cohort has groups to compare.</summary>
    public bool Grouped => Cohort.Counts.GroupCount > 1;

    /// <summary>For an interval-censored cohort (<see cref="CohortData.Intervals"/>): what to estimate from each group's Turnbull estimate.</summary>
    public IntervalSummaryOptions IntervalEstimates { get; init; } = new();

    /// <summary>The parametric fits drawn over Turnbull's curves on an interval-censored cohort's plot; empty for none.</summary>
    public ImmutableArray<Core.Parametric.ParametricDistribution> IntervalOverlays { get; init; } = [];

    /// <summary>For an interval-censored cohort: the rank tests to run.</summary>
    public ImmutableArray<IntervalScore> IntervalScores { get; init; } = IntervalGroupComparison.AllScores;
}
