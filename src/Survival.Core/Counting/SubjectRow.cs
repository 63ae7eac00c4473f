namespace Survival.Core.Counting;

/// <summary>
/// One subject as the counting table's builder takes it (<see cref="CountingTable.Builder.AddSubject"/>), or one
/// (entry, time] stretch of a subject whose rows <see cref="Id"/> links: each optional part named, so that no literal
/// can be taken for another.
/// </summary>
/// <param name="Time">Follow-up time, to the event or to censoring.</param>
/// <param name="IsEvent">Whether the event was observed at <paramref name="Time"/>.</param>
public readonly record struct SubjectRow(double Time, bool IsEvent)
{
    /// <summary>Delayed entry: at risk on (entry, time]; null for at risk from 0.</summary>
    public double? Entry { get; init; }

    /// <summary>Case weight; null for none, which counts as 1.</summary>
    public double? Weight { get; init; }

    /// <summary>The event's competing cause (from <see cref="CountingTable.Builder.Cause"/>); −1 for the single event of interest.</summary>
    public int Cause { get; init; } = -1;

    /// <summary>The subject this row belongs to, when a subject has several rows; null for a subject of its own.</summary>
    public string? Id { get; init; }
}
