using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.Regression;

namespace Survival.TestSupport;

/// <summary>Each group's summary, in R's level order: what a caller of the engine hands to the plotting library.</summary>
public static class SurvivalGroups
{
    /// <summary>Summarises each group of subjects (one group, labelled <paramref name="singleLabel"/>, when there are no groups).</summary>
    public static IReadOnlyList<(string Label, SurvivalSummary Summary)> Summarize(
        IReadOnlyList<double> times, IReadOnlyList<bool> events, IReadOnlyList<string>? groups, string singleLabel = "All")
    {
        var factor = Factor.Create(groups ?? Enumerable.Repeat(singleLabel, times.Count).ToArray());
        return factor.IndicesByLevel()
            .Select((rows, level) => (
                factor.Levels[level],
                SurvivalSummary.Summarize(
                    SurvivalData.Create(rows.Select(i => times[i]).ToArray(), rows.Select(i => events[i]).ToArray()),
                    new SurvivalSummaryOptions())))
            .ToArray();
    }

    /// <summary>The groups of an R reference set.</summary>
    public static IReadOnlyList<(string Label, SurvivalSummary Summary)> Summarize(ReferenceSet set, string singleLabel = "All") =>
        Summarize(set.Times, set.Events, set.Groups, singleLabel);
}
