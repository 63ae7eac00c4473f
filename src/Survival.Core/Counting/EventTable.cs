namespace Survival.Core.Counting;

/// <summary>
/// The distinct times of one sample in increasing order, with the number at risk, events, censorings and delayed
/// entries at each: one cell of a <see cref="CountingTable"/>, and the tabulation every product-limit and
/// counting-process statistic reads. Never changed once built.
/// </summary>
/// <remarks>
/// A subject who enters late is at risk on (entry, time]: with e_j the entries at t_j, the number at risk at t_j is
/// n_j = Σ_{k ≥ j} (d_k + c_k) − Σ_{k ≥ j} e_k. Entry times are rows of their own (with d = c = 0 where nobody leaves
/// then), so the number at risk at any t is that of the first row at or after t.
/// </remarks>
internal sealed class EventTable
{
    private EventTable(double[] times, int[] atRisk, int[] events, int[] censored, int[] entered, CaseWeightCounts? weights)
    {
        Times = times;
        AtRisk = atRisk;
        Events = events;
        Censored = censored;
        Entered = entered;
        Weights = weights;
    }

    public static EventTable Empty { get; } = new([], [], [], [], [], null);

    public double[] Times { get; }

    /// <summary>
    /// Subjects at risk at the row's time: entered before it and leaving at or after it (censored subjects tied with
    /// events are still at risk).
    /// </summary>
    public int[] AtRisk { get; }

    public int[] Events { get; }

    public int[] Censored { get; }

    /// <summary>Subjects whose delayed entry is at the row's time; they are at risk only after it.</summary>
    public int[] Entered { get; }

    /// <summary>The case-weight sums of each row; null when the cohort has no weights.</summary>
    public CaseWeightCounts? Weights { get; }

    public int Count => Times.Length;

    public int Subjects { get; private init; }

    /// <summary>The table of sorted distinct times with their counts; the numbers at risk follow from them.</summary>
    public static EventTable FromCounts(double[] times, int[] events, int[] censored, int[] entered, CaseWeightCounts? weights = null)
    {
        var atRisk = new int[times.Length];
        var remaining = 0;
        for (var row = times.Length - 1; row >= 0; row--)
        {
            // Those entering at t_j are at risk only after it.
            remaining += events[row] + censored[row] - entered[row];
            atRisk[row] = remaining;
        }
        var subjects = 0;
        for (var row = 0; row < times.Length; row++) subjects += events[row] + censored[row];
        return new EventTable(times, atRisk, events, censored, entered, weights) { Subjects = subjects };
    }

    /// <summary>The table of the union of several samples: their rows merged in time order, counts at one time summed.</summary>
    public static EventTable Pool(IReadOnlyList<EventTable> tables)
    {
        if (tables.Count == 1) return tables[0];
        var pooled = Empty;
        foreach (var table in tables) pooled = Merge(pooled, table);
        return pooled;
    }

    /// <summary>This sample's table with its near-equal times merged as R merges them (<see cref="TimeFix"/>).</summary>
    public EventTable WithTimeFix() => TimeFix.RunStarts([this]) is { } starts ? MergeTimes(starts) : this;

    /// <summary>
    /// The same subjects with events and censorings swapped: the table of the censoring distribution, from which the
    /// reverse Kaplan–Meier estimate of follow-up is made. The numbers at risk do not change.
    /// </summary>
    public EventTable WithEventsReversed() => new(Times, AtRisk, Censored, Events, Entered, Weights?.Reversed()) { Subjects = Subjects };

    /// <summary>
    /// The table with every time replaced by the start of its run (<see cref="TimeFix.RunStarts"/>) and the rows
    /// of one run combined: their events, censorings and entries add up.
    /// </summary>
    public EventTable MergeTimes(double[] runStarts)
    {
        var times = new List<double>(Count);
        var events = new List<int>(Count);
        var censored = new List<int>(Count);
        var entered = new List<int>(Count);
        var weights = Weights is null ? null : CaseWeightCounts.Zero(Count, Weights.Robust);
        for (var row = 0; row < Count; row++)
        {
            var time = TimeFix.RunStartOf(runStarts, Times[row]);
            if (times.Count > 0 && times[^1] == time)
            {
                events[^1] += Events[row];
                censored[^1] += Censored[row];
                entered[^1] += Entered[row];
                weights?.AddRow(Weights!, row, times.Count - 1);
                continue;
            }
            times.Add(time);
            events.Add(Events[row]);
            censored.Add(Censored[row]);
            entered.Add(Entered[row]);
            weights?.AddRow(Weights!, row, times.Count - 1);
        }
        return FromCounts([.. times], [.. events], [.. censored], [.. entered], weights?.Take(times.Count));
    }

    private static EventTable Merge(EventTable a, EventTable b)
    {
        if (a.Count == 0) return b;
        if (b.Count == 0) return a;
        var times = new double[a.Count + b.Count];
        var events = new int[times.Length];
        var censored = new int[times.Length];
        var entered = new int[times.Length];
        var weights = a.Weights is null ? null : CaseWeightCounts.Zero(times.Length, a.Weights.Robust);
        int i = 0, j = 0, rows = 0;
        while (i < a.Count || j < b.Count)
        {
            var time = j >= b.Count || (i < a.Count && a.Times[i] <= b.Times[j]) ? a.Times[i] : b.Times[j];
            times[rows] = time;
            if (i < a.Count && a.Times[i] == time) Add(a, i++, rows);
            if (j < b.Count && b.Times[j] == time) Add(b, j++, rows);
            rows++;
        }
        return FromCounts(times[..rows], events[..rows], censored[..rows], entered[..rows], weights?.Take(rows));

        void Add(EventTable table, int from, int to)
        {
            events[to] += table.Events[from];
            censored[to] += table.Censored[from];
            entered[to] += table.Entered[from];
            weights?.AddRow(table.Weights!, from, to);
        }
    }
}
