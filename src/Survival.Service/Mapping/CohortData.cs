using Survival.Core;

namespace Survival.Service.Mapping;

/// <summary>A validated cohort in the engine's terms.</summary>
/// <param name="Data">Times and events.</param>
/// <param name="Groups">Each subject's group.</param>
/// <param name="Strata">Each subject's stratum.</param>
/// <param name="TimeUnit">The unit of the times, for labels.</param>
internal sealed record CohortData(SurvivalData Data, Factor Groups, Factor Strata, string TimeUnit);
