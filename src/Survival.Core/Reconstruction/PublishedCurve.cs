using System.Collections.Immutable;

namespace Survival.Core.Reconstruction;

/// <summary>What a publication gives of one arm's Kaplan–Meier curve: the figure's points and, when printed, its numbers.</summary>
/// <remarks>Check it with <see cref="PublishedCurveRules"/>; <see cref="GuyotReconstruction.Rebuild"/> does.</remarks>
public sealed record PublishedCurve
{
    /// <summary>Points read off the curve, in any order, with the reader's noise; at least two.</summary>
    public required ImmutableArray<DigitizedPoint> Points { get; init; }

    /// <summary>The table of numbers at risk under the figure, times increasing; empty when not published.</summary>
    public ImmutableArray<AtRiskCount> AtRisk { get; init; } = [];

    /// <summary>The number of patients at time 0; required when the table does not start at 0, or there is none.</summary>
    public int? Subjects { get; init; }

    /// <summary>The total number of events of the arm, when published.</summary>
    public int? TotalEvents { get; init; }
}
