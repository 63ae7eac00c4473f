using System.Collections.Immutable;
using Survival.Core.CompetingRisks;

namespace Survival.Core.Curves;

/// <summary>One group's label and its survival summary.</summary>
/// <param name="Group">The group label.</param>
/// <param name="Summary">Everything estimated from the group's curve.</param>
public sealed record GroupSummary(string Group, SurvivalSummary Summary)
{
    /// <summary>The Aalen–Johansen estimate of each competing cause; null when the events have no causes.</summary>
    public CumulativeIncidenceCurve? CumulativeIncidence { get; init; }

    /// <summary>The labels of the causes of <see cref="CumulativeIncidence"/>, in its order; empty without causes.</summary>
    public ImmutableArray<string> Causes { get; init; } = [];
}
