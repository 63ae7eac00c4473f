namespace Survival.Core;

/// <summary>One group's label and its survival summary.</summary>
/// <param name="Group">The group label.</param>
/// <param name="Summary">Everything estimated from the group's curve.</param>
public sealed record GroupSummary(string Group, SurvivalSummary Summary);
