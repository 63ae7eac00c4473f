namespace Survival.Core;

/// <summary>
/// The distinct observed times of a sample in increasing order, with the number at risk, events and
/// censorings at each: the tabulation every product-limit and counting-process statistic starts from.
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

    public double[] Times { get; }

    /// <summary>Subjects whose time is ≥ the row's time: censored subjects tied with events are still at risk.</summary>
    public int[] AtRisk { get; }

    public int[] Events { get; }

    public int[] Censored { get; }

    public int Count => Times.Length;

    /// <summary>The table of a whole sample, its near-equal times merged as R merges them (<see cref="TimeFix"/>).</summary>
    public static EventTable Build(SurvivalData data)
    {
        var times = data.Times.Span;
        var events = data.Events.Span;
        var keys = new ulong[times.Length];
        for (var i = 0; i < keys.Length; i++) keys[i] = SortKey(times[i], events[i]);
        var table = FromKeys(keys);
        return TimeFix.RunStarts([table]) is { } starts ? table.MergeTimes(starts) : table;
    }

    /// <summary>
    /// The table of the listed subjects only, so that each group or stratum is tabulated without copying the data.
    /// Times are as given: the caller merges near-equal times over all its tables (<see cref="MergeTimes"/>).
    /// </summary>
    public static EventTable Build(SurvivalData data, ReadOnlySpan<int> subjects)
    {
        var times = data.Times.Span;
        var events = data.Events.Span;
        var keys = new ulong[subjects.Length];
        for (var i = 0; i < keys.Length; i++) keys[i] = SortKey(times[subjects[i]], events[subjects[i]]);
        return FromKeys(keys);
    }

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

    /// <summary>One primitive sort of the packed keys groups the subjects by time; one pass then counts each time.</summary>
    private static EventTable FromKeys(ulong[] keys)
    {
        Array.Sort(keys);
        var rows = CountDistinct(keys);
        var times = new double[rows];
        var atRisk = new int[rows];
        var events = new int[rows];
        var censored = new int[rows];

        var row = -1;
        var previous = ulong.MaxValue;
        for (var i = 0; i < keys.Length; i++)
        {
            var timeBits = keys[i] >> 1;
            if (timeBits != previous)
            {
                row++;
                previous = timeBits;
                times[row] = BitConverter.UInt64BitsToDouble(timeBits);
                atRisk[row] = keys.Length - i;
            }
            if ((keys[i] & 1) == 1) events[row]++;
            else censored[row]++;
        }
        return new EventTable(times, atRisk, events, censored);
    }

    /// <summary>
    /// Packs a subject into one sortable 64-bit key: the bits of a non-negative double order as the values do,
    /// its sign bit is free, so the time shifts left and the event flag takes the lowest bit.
    /// Adding +0.0 first turns −0.0 into +0.0 so that both share one key.
    /// </summary>
    private static ulong SortKey(double time, bool isEvent) =>
        (BitConverter.DoubleToUInt64Bits(time + 0.0) << 1) | (isEvent ? 1UL : 0UL);

    private static int CountDistinct(ulong[] sortedKeys)
    {
        var count = 0;
        var previous = ulong.MaxValue;
        foreach (var key in sortedKeys)
        {
            var timeBits = key >> 1;
            if (timeBits == previous) continue;
            count++;
            previous = timeBits;
        }
        return count;
    }
}
