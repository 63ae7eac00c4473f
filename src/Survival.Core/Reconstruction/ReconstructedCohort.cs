using System.Collections.Immutable;
using Survival.Core.Counting;

namespace Survival.Core.Reconstruction;

/// <summary>Subjects rebuilt from a published curve, sorted by time (events before censorings at a time), and the fit's quality.</summary>
/// <param name="Times">Each subject's time of event or censoring.</param>
/// <param name="Events">Whether each subject had the event.</param>
/// <param name="Quality">How closely they reproduce the points and the table.</param>
public sealed record ReconstructedCohort(ImmutableArray<double> Times, ImmutableArray<bool> Events, ReconstructionQuality Quality)
{
    /// <summary>Number of subjects.</summary>
    public int Subjects => Times.Length;

    /// <summary>Number of events.</summary>
    public int EventCount => Events.Count(e => e);

    /// <summary>The subjects as survival data, for any estimator.</summary>
    public SurvivalData ToSurvivalData() => SurvivalData.Create(Times.AsSpan(), Events.AsSpan());
}
