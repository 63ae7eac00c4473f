using Survival.Core.Counting;
using Survival.Core.Numerics;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// The subjects of a Cox regression sorted for the risk-set sweep: by stratum, then by time from the latest to the
/// earliest, so that walking forward adds each subject to the risk set once (O(n·p²) per likelihood evaluation).
/// With delayed entry the subjects are also ordered by entry time, from the latest, so that the same walk removes a
/// subject once the time reaches its entry: at an event time t the risk set is {i : entryᵢ &lt; t ≤ timeᵢ}.
/// Times (and entry times) are merged as R's <c>timefix</c> merges them, so equal times compare equal.
/// </summary>
/// <remarks>
/// The one sort of the fit: the likelihood, the concordance, <c>cox.zph</c> and the adjusted curves all read this order.
/// </remarks>
internal sealed class CoxRiskSets
{
    public CoxRiskSets(CoxRegressionData data, CoxDesign design)
    {
        var n = data.Survival.Count;
        var times = data.Survival.Times.Span;
        var events = data.Survival.Events.Span;
        var entries = data.Survival.EntryTimes.Span;
        var weights = data.Survival.Weights.Span;
        Width = design.Width;

        var keys = new ulong[n];
        for (var i = 0; i < n; i++) keys[i] = RadixOrder.Descending(times[i]);
        var byTime = RadixOrder.Sort(keys);
        int[]? stratumOf = null;
        int[]? stratumPositions = null;
        if (data.Strata is { } strata)
        {
            var codes = new int[n];
            for (var k = 0; k < n; k++) codes[k] = strata.Codes[byTime[k]];
            var positions = Factor.SubjectsByLevel(codes, strata.LevelCount, out var starts);
            stratumPositions = positions;
            Order = new int[n];
            stratumOf = new int[n];
            for (var k = 0; k < n; k++)
            {
                Order[k] = byTime[positions[k]];
                stratumOf[k] = codes[positions[k]];
            }
            StratumStarts = starts;
        }
        else
        {
            Order = byTime;
            StratumStarts = [0, n];
        }

        int[]? byEntry = null;
        var distinct = DistinctAscending(keys);
        if (!entries.IsEmpty)
        {
            var entryKeys = new ulong[n];
            for (var i = 0; i < n; i++) entryKeys[i] = RadixOrder.Descending(entries[i]);
            byEntry = RadixOrder.Sort(entryKeys);
            distinct = TimeFix.MergeDistinct(distinct, DistinctAscending(entryKeys));
        }
        var runStarts = TimeFix.RunStartsOfDistinct(distinct);
        Time = SortedTimes(keys, runStarts, stratumPositions);
        // Filled in the subjects' order, each value scattered to its position, as the design rows are.
        var positionOf = new int[n];
        var order = Order;
        ParallelHalves.Run(n, (_, from, to) =>
        {
            for (var k = from; k < to; k++) positionOf[order[k]] = k;
        });
        Event = new bool[n];
        Weight = new double[n];
        Weighted = !weights.IsEmpty;
        var survival = data.Survival;
        ParallelHalves.Run(n, (_, from, to) => Scatter(survival, positionOf, from, to));
        foreach (var e in events) EventCount += e ? 1 : 0;
        X = design.CentredRows(positionOf);

        if (byEntry is not null)
        {
            Entry = new double[n];
            for (var i = 0; i < n; i++) Entry[positionOf[i]] = runStarts is null ? entries[i] : TimeFix.RunStartOf(runStarts, entries[i]);
            ByEntry = new int[n];
            for (var k = 0; k < n; k++) ByEntry[k] = positionOf[byEntry[k]];
            if (stratumOf is not null)
            {
                var codes = new int[n];
                for (var k = 0; k < n; k++) codes[k] = stratumOf[ByEntry[k]];
                var positions = Factor.SubjectsByLevel(codes, StratumStarts.Length - 1, out _);
                var grouped = new int[n];
                for (var k = 0; k < n; k++) grouped[k] = ByEntry[positions[k]];
                ByEntry = grouped;
            }
        }
    }

    public int Count => Order.Length;

    public int Width { get; }

    /// <summary>Sorted position → subject index.</summary>
    public int[] Order { get; }

    /// <summary>Positions where each stratum begins, and the count at the end.</summary>
    public int[] StratumStarts { get; }

    /// <summary>Times in sorted order, merged as R's timefix.</summary>
    public double[] Time { get; }

    public bool[] Event { get; }

    /// <summary>Entry times in sorted order, merged with the times by timefix; null without delayed entry.</summary>
    public double[]? Entry { get; }

    /// <summary>
    /// Sorted positions by stratum, then by entry time from the latest (the same stratum ranges as the positions);
    /// null without delayed entry.
    /// </summary>
    public int[]? ByEntry { get; }

    /// <summary>Case weights in sorted order; all 1 without weights.</summary>
    public double[] Weight { get; }

    /// <summary>Whether the subjects came with case weights.</summary>
    public bool Weighted { get; }

    /// <summary>Centred design rows in sorted order.</summary>
    public double[] X { get; }

    public int EventCount { get; }

    public ReadOnlySpan<double> Row(int position) => X.AsSpan((int)((long)position * Width), Width);

    /// <summary>The linear predictor η = (x − x̄)'β at every sorted position, in two halves side by side.</summary>
    public void LinearPredictor(double[] beta, double[] eta) =>
        ParallelHalves.Run(Count, (_, from, to) =>
        {
            for (var k = from; k < to; k++) eta[k] = LinearPredictor(k, beta);
        });

    /// <summary>η = (x − x̄)'β at sorted position <paramref name="position"/>.</summary>
    public double LinearPredictor(int position, ReadOnlySpan<double> beta)
    {
        var row = Row(position);
        var sum = 0.0;
        for (var c = 0; c < row.Length; c++) sum += row[c] * beta[c];
        return sum;
    }

    /// <summary>Events and weights of subjects [<paramref name="from"/>, <paramref name="to"/>) written at their positions.</summary>
    private void Scatter(SurvivalData survival, int[] positionOf, int from, int to)
    {
        var events = survival.Events.Span;
        var weights = survival.Weights.Span;
        for (var i = from; i < to; i++)
        {
            Event[positionOf[i]] = events[i];
            Weight[positionOf[i]] = weights.IsEmpty ? 1 : weights[i];
        }
    }

    /// <summary>
    /// The times at the sorted positions, merged by timefix: read from the sorted <see cref="RadixOrder.Descending"/>
    /// keys, each mapped to its run's start by a walk beside them down the run starts, then put in stratum order.
    /// </summary>
    private static double[] SortedTimes(ulong[] sortedKeys, double[]? runStarts, int[]? stratumPositions)
    {
        var n = sortedKeys.Length;
        var byTime = new double[n];
        var run = (runStarts?.Length ?? 0) - 1;
        for (var j = 0; j < n; j++)
        {
            var t = RadixOrder.FromAscending(~sortedKeys[j]);
            if (runStarts is not null)
            {
                while (runStarts[run] > t) run--;
                t = runStarts[run];
            }
            byTime[j] = t;
        }
        if (stratumPositions is null) return byTime;
        var time = new double[n];
        for (var k = 0; k < n; k++) time[k] = byTime[stratumPositions[k]];
        return time;
    }

    /// <summary>The distinct values, ascending, of <paramref name="sortedKeys"/>, <see cref="RadixOrder.Descending"/> keys in ascending order.</summary>
    /// <remarks>Read from the sorted keys, in order, where the values in sorted order would be read scattered.</remarks>
    private static double[] DistinctAscending(ulong[] sortedKeys)
    {
        var distinct = new List<double>();
        for (var k = sortedKeys.Length - 1; k >= 0; k--)
        {
            if (k == sortedKeys.Length - 1 || sortedKeys[k] != sortedKeys[k + 1]) distinct.Add(RadixOrder.FromAscending(~sortedKeys[k]));
        }
        return [.. distinct];
    }
}
