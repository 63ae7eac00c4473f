namespace Survival.Core;

/// <summary>
/// The distinct observed times of one sample in increasing order, with the number at risk, events and censorings at
/// each: one cell of a <see cref="CountingTable"/>, and the tabulation every product-limit and counting-process
/// statistic reads. Never changed once built.
/// </summary>
internal sealed class EventTable
{
    private EventTable(double[] times, int[] atRisk, int[] events, int[] censored)
    {
        Times = times;
        AtRisk = atRisk;
        Events = events;
        Censored = censored;
    }

    public static EventTable Empty { get; } = new([], [], [], []);

    public double[] Times { get; }

    /// <summary>Subjects whose time is ≥ the row's time: censored subjects tied with events are still at risk.</summary>
    public int[] AtRisk { get; }

    public int[] Events { get; }

    public int[] Censored { get; }

    public int Count => Times.Length;

    public int Subjects => Count == 0 ? 0 : AtRisk[0];

    /// <summary>The table of sorted distinct times with their counts; the numbers at risk are the counts from the row on.</summary>
    public static EventTable FromCounts(double[] times, int[] events, int[] censored)
    {
        var atRisk = new int[times.Length];
        var remaining = 0;
        for (var row = times.Length - 1; row >= 0; row--)
        {
            remaining += events[row] + censored[row];
            atRisk[row] = remaining;
        }
        return new EventTable(times, atRisk, events, censored);
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
    public EventTable WithEventsReversed() => new(Times, AtRisk, Censored, Events);

    /// <summary>
    /// The table with every time replaced by the start of its run (<see cref="TimeFix.RunStarts"/>) and the rows
    /// of one run combined: the run's first row has everyone at risk, and events and censorings add up.
    /// </summary>
    public EventTable MergeTimes(double[] runStarts)
    {
        var times = new List<double>(Count);
        var atRisk = new List<int>(Count);
        var events = new List<int>(Count);
        var censored = new List<int>(Count);
        for (var row = 0; row < Count; row++)
        {
            var time = TimeFix.RunStartOf(runStarts, Times[row]);
            if (times.Count > 0 && times[^1] == time)
            {
                events[^1] += Events[row];
                censored[^1] += Censored[row];
                continue;
            }
            times.Add(time);
            atRisk.Add(AtRisk[row]);
            events.Add(Events[row]);
            censored.Add(Censored[row]);
        }
        return new EventTable([.. times], [.. atRisk], [.. events], [.. censored]);
    }

    private static EventTable Merge(EventTable a, EventTable b)
    {
        if (a.Count == 0) return b;
        if (b.Count == 0) return a;
        var times = new double[a.Count + b.Count];
        var events = new int[times.Length];
        var censored = new int[times.Length];
        int i = 0, j = 0, rows = 0;
        while (i < a.Count || j < b.Count)
        {
            var time = j >= b.Count || (i < a.Count && a.Times[i] <= b.Times[j]) ? a.Times[i] : b.Times[j];
            times[rows] = time;
            if (i < a.Count && a.Times[i] == time) { events[rows] += a.Events[i]; censored[rows] += a.Censored[i]; i++; }
            if (j < b.Count && b.Times[j] == time) { events[rows] += b.Events[j]; censored[rows] += b.Censored[j]; j++; }
            rows++;
        }
        return FromCounts(times[..rows], events[..rows], censored[..rows]);
    }
}
