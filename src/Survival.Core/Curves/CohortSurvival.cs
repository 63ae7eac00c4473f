using System.Collections.Immutable;
using Survival.Core.CompetingRisks;
using Survival.Core.Counting;
using Survival.Core.Regression;

namespace Survival.Core.Curves;

/// <summary>Survival summaries of every group of a cohort.</summary>
public static class CohortSurvival
{
    /// <summary>
    /// Summarizes each group of a counting table over all its strata — R's <c>survfit(Surv(time, status) ~ 1)</c> on the
    /// group's rows, which equals one level of <c>survfit(... ~ group)</c> except where near-equal times are merged
    /// (<see cref="TimeFix"/> here reads the group's own times) — in the order of <see cref="CountingTable.Groups"/>; with
    /// competing causes, also each group's Aalen–Johansen estimate (<see cref="AalenJohansen"/>).
    /// </summary>
    /// <exception cref="OperationCanceledException">The caller gave up.</exception>
    public static ImmutableArray<GroupSummary> Summarize(
        CountingTable counts, SurvivalSummaryOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(options);
        // The Aalen–Johansen intervals are R's transformations of its standard error; the small-sample ones have no
        // counterpart for a cumulative incidence.
        if (counts.CauseCount > 0 && options.Type.IsSmallSample())
            throw new InputRuleException(CombinationRules.SmallSampleWithWeightsEntryOrCauses.Field, CombinationRules.SmallSampleWithWeightsEntryOrCauses.Requirement);
        var summaries = ImmutableArray.CreateBuilder<GroupSummary>(counts.GroupCount);
        for (var group = 0; group < counts.GroupCount; group++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            summaries.Add(new GroupSummary(counts.Groups[group], SurvivalSummary.Summarize(counts, group, options))
            {
                CumulativeIncidence = counts.CauseCount > 0 ? AalenJohansen.Estimate(counts, group, options.Type, options.Level) : null,
                Causes = counts.Causes,
            });
        }
        return summaries.MoveToImmutable();
    }

    /// <summary>Summarizes each group of subjects given one by one (see the counting-table overload).</summary>
    /// <exception cref="InputRuleException">The factor does not code one label per subject.</exception>
    public static ImmutableArray<GroupSummary> Summarize(
        SurvivalData data, Factor groups, SurvivalSummaryOptions options, CancellationToken cancellationToken = default) =>
        Summarize(CountingTable.FromSubjects(data, groups), options, cancellationToken);
}
