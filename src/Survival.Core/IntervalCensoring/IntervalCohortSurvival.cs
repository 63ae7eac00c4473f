using System.Collections.Immutable;
using Survival.Core.Curves;

namespace Survival.Core.IntervalCensoring;

/// <summary>One group of an interval-censored cohort: Turnbull's summary and the Kaplan–Meier medians of the imputations.</summary>
/// <param name="Group">The group's label.</param>
/// <param name="Summary">Turnbull's estimate with its bootstrap intervals, quantiles and landmarks.</param>
/// <param name="MidpointMedian">The Kaplan–Meier median with every interval at its midpoint (<see cref="ImputationRule.Midpoint"/>).</param>
/// <param name="RightPointMedian">The Kaplan–Meier median with every interval at its right end.</param>
public sealed record IntervalGroupSummary(string Group, TurnbullSummary Summary, QuantileEstimate MidpointMedian, QuantileEstimate RightPointMedian);

/// <summary>Summaries of every group of an interval-censored cohort.</summary>
public static class IntervalCohortSurvival
{
    /// <summary>Summarizes each group over all its strata, in the order of <see cref="IntervalCountingTable.Groups"/>.</summary>
    /// <exception cref="OperationCanceledException">The caller gave up.</exception>
    public static ImmutableArray<IntervalGroupSummary> Summarize(
        IntervalCountingTable table, IntervalSummaryOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var kaplanMeier = new SurvivalSummaryOptions { Level = options.Level, Type = options.Type, Quantiles = [0.5] };
        var midpoint = CohortSurvival.Summarize(IntervalImputation.ToCountingTable(table, ImputationRule.Midpoint), kaplanMeier, cancellationToken);
        var rightPoint = CohortSurvival.Summarize(IntervalImputation.ToCountingTable(table, ImputationRule.RightPoint), kaplanMeier, cancellationToken);
        var samples = Enumerable.Range(0, table.GroupCount).Select(table.Group).ToArray();
        var turnbull = new TurnbullSummary[samples.Length];
        // Each group's estimate and bootstrap read only its own rows and give the same figures on any thread: a large
        // table's groups are summarized side by side.
        if (samples.Length > 1 && samples.Sum(s => s.Count) >= ParallelGroupsThreshold)
        {
            Parallel.For(0, samples.Length, new ParallelOptions { CancellationToken = cancellationToken },
                group => turnbull[group] = TurnbullSummary.Summarize(samples[group], options, cancellationToken));
        }
        else
        {
            for (var group = 0; group < samples.Length; group++) turnbull[group] = TurnbullSummary.Summarize(samples[group], options, cancellationToken);
        }
        var summaries = ImmutableArray.CreateBuilder<IntervalGroupSummary>(table.GroupCount);
        for (var group = 0; group < table.GroupCount; group++)
            summaries.Add(new IntervalGroupSummary(table.Groups[group], turnbull[group], midpoint[group].Summary.Median, rightPoint[group].Summary.Median));
        return summaries.MoveToImmutable();
    }

    /// <summary>The distinct intervals, over all groups, from which the groups are summarized side by side.</summary>
    private const int ParallelGroupsThreshold = 2_048;
}
