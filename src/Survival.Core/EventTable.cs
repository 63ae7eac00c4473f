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

    public static EventTable Build(SurvivalData data)
    {
        var keys = SortKeys(data.Times.Span, data.Events.Span);
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
    /// Packs each subject into one sortable 64-bit key: the bits of a non-negative double order as the values do,
    /// its sign bit is free, so the time shifts left and the event flag takes the lowest bit.
    /// One primitive sort then groups the subjects by time.
    /// </summary>
    private static ulong[] SortKeys(ReadOnlySpan<double> times, ReadOnlySpan<bool> events)
    {
        var keys = new ulong[times.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            // Adding +0.0 turns −0.0 into +0.0 so that both share one key.
            var bits = BitConverter.DoubleToUInt64Bits(times[i] + 0.0);
            keys[i] = (bits << 1) | (events[i] ? 1UL : 0UL);
        }
        Array.Sort(keys);
        return keys;
    }

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
