using System.Collections.Immutable;

namespace Survival.Core;

/// <summary>Survival summaries of every group of a cohort.</summary>
public static class CohortSurvival
{
    /// <summary>
    /// Summarizes each group from its own subjects alone — R's <c>survfit(Surv(time, status) ~ 1)</c> on the group's
    /// rows, which equals one level of <c>survfit(... ~ group)</c> except where near-equal times are merged
    /// (<see cref="TimeFix"/> here reads the group's own times) — in the order of <see cref="Factor.Levels"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The factor does not code one label per subject.</exception>
    /// <exception cref="OperationCanceledException">The caller gave up.</exception>
    public static ImmutableArray<GroupSummary> Summarize(
        SurvivalData data,
        Factor groups,
        SurvivalSummaryOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Codes.Length != data.Count)
            throw new ArgumentException($"groups has {groups.Codes.Length} labels for {data.Count} subjects", nameof(groups));

        var rowsByGroup = groups.IndicesByLevel();
        var summaries = ImmutableArray.CreateBuilder<GroupSummary>(groups.LevelCount);
        for (var level = 0; level < groups.LevelCount; level++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var subset = groups.LevelCount == 1 ? data : data.Subset(rowsByGroup[level]);
            summaries.Add(new GroupSummary(groups.Levels[level], SurvivalSummary.Summarize(subset, options)));
        }
        return summaries.MoveToImmutable();
    }
}
