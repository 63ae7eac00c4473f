using System.Collections.Immutable;

namespace Survival.Core.Reconstruction;

/// <summary>
/// The walk of <see cref="GuyotReconstruction"/> through one interval's points: deaths from the inverted Kaplan–Meier
/// equations and the interval's censorings spread evenly over it. Keeps each interval's last walk, from which the
/// patients are read.
/// </summary>
internal sealed class IntervalWalk(PreparedCurve curve)
{
    private readonly int[] _deaths = new int[curve.Count];
    private readonly int[] _censored = new int[curve.Count];
    private readonly int[] _firstCensoring = new int[curve.Count];
    private readonly double[][] _censorTimes = new double[curve.Intervals][];
    private readonly int[] _remaining = new int[curve.Intervals];

    /// <summary>The outcome of one walk.</summary>
    /// <param name="Remaining">Patients at risk after the interval's last point.</param>
    /// <param name="Km">The rebuilt curve's value after the interval.</param>
    /// <param name="Deaths">Deaths in the interval.</param>
    /// <param name="Censored">Censorings in the interval.</param>
    public readonly record struct Outcome(int Remaining, double Km, int Deaths, int Censored);

    /// <summary>Walks interval <paramref name="interval"/> from <paramref name="atRisk"/> patients, the curve at <paramref name="km"/>, with <paramref name="censorings"/> censorings.</summary>
    public Outcome Run(int interval, int atRisk, double km, int censorings)
    {
        int from = curve.IntervalStart[interval], to = curve.IntervalEnd(interval);
        var isLast = interval == curve.Intervals - 1;
        var end = isLast ? curve.Times[to - 1] : curve.Times[to];
        var censorTimes = EvenlySpaced(censorings, curve.Times[from], end);
        _censorTimes[interval] = censorTimes;

        var (n, next, deaths, censored) = (atRisk, 0, 0, 0);
        for (var k = from; k < to; k++)
        {
            var d = k == 0 || n == 0 || km <= 0 ? 0 : Math.Clamp(GuyotReconstruction.Round(n * (1 - curve.Survival[k] / km)), 0, n);
            if (d > 0) km *= 1 - (double)d / n;
            // The censorings in [t_k, t_{k+1}); the interval's last point takes the rest.
            var first = next;
            while (next < censorTimes.Length && (k == to - 1 || censorTimes[next] < curve.Times[k + 1])) next++;
            var c = Math.Min(next - first, n - d);
            (_deaths[k], _censored[k], _firstCensoring[k]) = (d, c, first);
            n -= d + c;
            deaths += d;
            censored += c;
        }
        _remaining[interval] = n;
        return new Outcome(n, km, deaths, censored);
    }

    /// <summary>The patients of the last walk of every interval; those left after the last point are censored at its time.</summary>
    public (ImmutableArray<double> Times, ImmutableArray<bool> Events) Subjects()
    {
        var subjects = new List<(double Time, bool Event)>();
        for (var interval = 0; interval < curve.Intervals; interval++)
        {
            var times = _censorTimes[interval];
            for (var k = curve.IntervalStart[interval]; k < curve.IntervalEnd(interval); k++)
            {
                for (var d = 0; d < _deaths[k]; d++) subjects.Add((curve.Times[k], true));
                for (var c = 0; c < _censored[k]; c++) subjects.Add((times[_firstCensoring[k] + c], false));
            }
        }
        for (var r = 0; r < _remaining[^1]; r++) subjects.Add((curve.Times[^1], false));
        subjects.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : b.Event.CompareTo(a.Event));
        return ([.. subjects.Select(s => s.Time)], [.. subjects.Select(s => s.Event)]);
    }

    /// <summary>a + j (b − a)/(c + 1), j = 1…c.</summary>
    private static double[] EvenlySpaced(int count, double start, double end)
    {
        var times = new double[count];
        for (var j = 1; j <= count; j++) times[j - 1] = start + j * (end - start) / (count + 1);
        return times;
    }
}
