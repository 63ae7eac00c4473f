using System.Diagnostics;
using Survival.Core;

namespace Survival.Bench;

/// <summary>Wall-clock seconds of each part of the engine on one data set.</summary>
internal sealed record Timings(double KaplanMeier, double LogRank, double Cox)
{
    /// <summary>
    /// Kaplan–Meier: every group's curve with its default summary (log band, quartiles and median), from that group's
    /// subjects; log-rank: the k-group test; Cox: the Efron model with its tests and concordance. Each part starts from
    /// the same data and factor, as a request would.
    /// </summary>
    public static Timings Measure(BenchData data)
    {
        var options = new SurvivalSummaryOptions();
        var clock = Stopwatch.StartNew();
        CohortSurvival.Summarize(data.Survival, data.Groups, options);
        var kaplanMeier = clock.Elapsed.TotalSeconds;

        clock.Restart();
        WeightedLogRank.Test(data.Survival, data.Groups, null, TestWeight.LogRank);
        var logRank = clock.Elapsed.TotalSeconds;

        clock.Restart();
        CoxProportionalHazards.Fit(data.Survival, data.Groups, ties: TieMethod.Efron);
        var cox = clock.Elapsed.TotalSeconds;
        return new Timings(kaplanMeier, logRank, cox);
    }
}
