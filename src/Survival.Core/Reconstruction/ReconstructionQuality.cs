using System.Collections.Immutable;

namespace Survival.Core.Reconstruction;

/// <summary>How closely a rebuilt cohort follows what was published.</summary>
/// <remarks>
/// The distance of a digitised point (t, s) from the rebuilt Kaplan–Meier curve is that from the curve's graph, its
/// vertical risers included: min(|s − Ŝ(t)|, |s − Ŝ(t−)|), so that the top corner of a drop, read at the drop's time,
/// counts as on the curve.
/// </remarks>
public sealed record ReconstructionQuality
{
    /// <summary>The largest distance of a digitised point from the rebuilt curve.</summary>
    public required double MaxAbsoluteDifference { get; init; }

    /// <summary>The mean distance of the digitised points from the rebuilt curve.</summary>
    public required double MeanAbsoluteDifference { get; init; }

    /// <summary>Each column of the table of numbers at risk (with the patients at 0), published against rebuilt.</summary>
    public required ImmutableArray<AtRiskCheck> AtRisk { get; init; }

    /// <summary>The published total of events; null when not given.</summary>
    public int? TotalEventsGiven { get; init; }

    /// <summary>The digitised points the monotone fix moved.</summary>
    public required int PointsMadeMonotone { get; init; }
}

/// <summary>One column of the table of numbers at risk, published and rebuilt.</summary>
/// <param name="Time">The column's time.</param>
/// <param name="Given">The published number; null for the start when inferred from the curve (no <see cref="PublishedCurve.Subjects"/>).</param>
/// <param name="Rebuilt">Rebuilt subjects whose time is at or after <paramref name="Time"/>.</param>
public readonly record struct AtRiskCheck(double Time, int? Given, int Rebuilt);
