using System.Collections.Immutable;
using Survival.Core.CompetingRisks;

namespace Survival.Core.Cox;

/// <summary>The survival curve a Cox model predicts for one covariate profile (and one stratum).</summary>
/// <param name="Label">The profile's label.</param>
/// <param name="Stratum">The stratum's label; null for an unstratified model.</param>
/// <param name="Points">One point per distinct time of the stratum.</param>
public sealed record AdjustedSurvivalCurve(string Label, string? Stratum, ImmutableArray<AdjustedSurvivalPoint> Points);
