using System.Diagnostics;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.GroupTests;

namespace Survival.Bench;

/// <summary>Wall-clock seconds of each part of the engine on one data set.</summary>
/// <param name="Counting">Subjects to counting table: the one pass over the subjects every request makes.</param>
/// <param name="KaplanMeier">Every group's curve with its default summary (log band, quartiles, median), from the table.</param>
/// <param name="LogRank">The k-group log-rank test, from the table.</param>
/// <param name="Cox">The Efron model with its tests and concordance, from the table.</param>
internal sealed record Timings(double Counting, double KaplanMeier, double LogRank, double Cox)
{
    /// <summary>Kaplan–Meier and log-rank as one request makes them: one counting pass, then both.</summary>
    public double KaplanMeierAndLogRank => Counting + KaplanMeier + LogRank;

    /// <summary>The Cox model as one request makes it: one counting pass, then the fit.</summary>
    public double CoxFromSubjects => Counting + Cox;

    public static Timings Measure(BenchData data)
    {
        var clock = Stopwatch.StartNew();
        var counts = CountingTable.FromSubjects(data.Survival, data.Groups);
        var counting = clock.Elapsed.TotalSeconds;

        clock.Restart();
        CohortSurvival.Summarize(counts, new SurvivalSummaryOptions());
        var kaplanMeier = clock.Elapsed.TotalSeconds;

        clock.Restart();
        WeightedLogRank.Test(counts, stratified: false, TestWeight.LogRank);
        var logRank = clock.Elapsed.TotalSeconds;

        clock.Restart();
        CoxProportionalHazards.Fit(counts, stratified: false, TieMethod.Efron);
        var cox = clock.Elapsed.TotalSeconds;
        return new Timings(counting, kaplanMeier, logRank, cox);
    }
}
