namespace Survival.Core;

/// <summary>
/// The subjects of a Cox regression sorted for the risk-set sweep: by stratum, then by time from the latest to the
/// earliest, so that walking forward adds each subject to the risk set once (O(n·p²) per likelihood evaluation).
/// Times are merged as R's <c>timefix</c> merges them, so equal times compare equal.
/// </summary>
internal sealed class CoxRiskSets
{
    public CoxRiskSets(CoxRegressionData data, CoxDesign design)
    {
        var n = data.Survival.Count;
        var times = data.Survival.Times.Span;
        var events = data.Survival.Events.Span;
        var weights = data.Survival.Weights.Span;
        Width = design.Width;

        // Descending time with a sort on negated keys, then a stable counting sort by stratum keeps that order within each.
        var keys = new double[n];
        var byTime = new int[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = -times[i];
            byTime[i] = i;
        }
        Array.Sort(keys, byTime);
        if (data.Strata is { } strata)
        {
            var codes = new int[n];
            for (var k = 0; k < n; k++) codes[k] = strata.Codes[byTime[k]];
            var positions = Factor.SubjectsByLevel(codes, strata.LevelCount, out var starts);
            Order = new int[n];
            for (var k = 0; k < n; k++) Order[k] = byTime[positions[k]];
            StratumStarts = starts;
        }
        else
        {
            Order = byTime;
            StratumStarts = [0, n];
        }

        var runStarts = TimeFix.RunStartsOfDistinct(DistinctAscending(keys));
        Time = new double[n];
        Event = new bool[n];
        Weight = new double[n];
        Weighted = !weights.IsEmpty;
        X = new double[(long)n * Width];
        var source = design.Centred;
        for (var k = 0; k < n; k++)
        {
            var subject = Order[k];
            Time[k] = runStarts is null ? times[subject] : TimeFix.RunStartOf(runStarts, times[subject]);
            Event[k] = events[subject];
            Weight[k] = weights.IsEmpty ? 1 : weights[subject];
            if (Event[k]) EventCount++;
            Array.Copy(source, (long)subject * Width, X, (long)k * Width, Width);
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

    /// <summary>Case weights in sorted order; all 1 without weights.</summary>
    public double[] Weight { get; }

    /// <summary>Whether the subjects came with case weights.</summary>
    public bool Weighted { get; }

    /// <summary>Centred design rows in sorted order.</summary>
    public double[] X { get; }

    public int EventCount { get; }

    public ReadOnlySpan<double> Row(int position) => X.AsSpan((int)((long)position * Width), Width);

    /// <summary>The linear predictor η = (x − x̄)'β at every sorted position.</summary>
    public void LinearPredictor(ReadOnlySpan<double> beta, Span<double> eta)
    {
        for (var k = 0; k < Count; k++)
        {
            var row = Row(k);
            var sum = 0.0;
            for (var c = 0; c < row.Length; c++) sum += row[c] * beta[c];
            eta[k] = sum;
        }
    }

    private static double[] DistinctAscending(double[] negatedDescending)
    {
        var distinct = new List<double>();
        for (var k = negatedDescending.Length - 1; k >= 0; k--)
        {
            var t = -negatedDescending[k];
            if (distinct.Count == 0 || distinct[^1] != t) distinct.Add(t);
        }
        return [.. distinct];
    }
}
