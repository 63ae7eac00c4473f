namespace Survival.Core.Reconstruction;

/// <summary>
/// A published curve made ready for the rebuild: the points sorted and non-increasing from the origin (0, 1), a point
/// at every time of the table of numbers at risk, and that table starting at time 0.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Points are sorted by time, ties by falling survival (the top of a drop before its foot). Points at time 0 are
/// read as the curve's start, S(0) = 1: a reader's noise there must not become deaths at time 0.</item>
/// <item>Points that rise are made non-increasing as <see cref="MonotoneFix"/> says.</item>
/// <item>At each time t_i of the table a point is inserted before any read at t_i, with the survival of the last point
/// before t_i: the step function's value just before t_i. Each interval [t_i, t_{i+1}) of the table therefore starts
/// with a point at t_i, whatever the reader clicked, and the curve extends flat to a table time after its last point.</item>
/// <item>The table is made to start at 0: with <see cref="PublishedCurve.Subjects"/> when given, else, when the
/// published table starts later, with n_0 = round(n_1 / S(t_1−)), the fewest patients consistent with the curve (no
/// censoring before the first printed time).</item>
/// </list>
/// </remarks>
internal sealed class PreparedCurve
{
    private PreparedCurve(
        double[] times, double[] survival, int[] digitized, int[] intervalStart, double[] atRiskTimes, int[] atRisk, int?[] atRiskGiven,
        int pointsAdjusted)
    {
        Times = times;
        Survival = survival;
        Digitized = digitized;
        IntervalStart = intervalStart;
        AtRiskTimes = atRiskTimes;
        AtRisk = atRisk;
        AtRiskGiven = atRiskGiven;
        PointsAdjusted = pointsAdjusted;
    }

    /// <summary>The points' times, non-decreasing; point 0 is the origin.</summary>
    public double[] Times { get; }

    /// <summary>The points' survival, non-increasing from 1.</summary>
    public double[] Survival { get; }

    /// <summary>For each digitised point at a time after 0, sorted by time, its index among <see cref="Times"/>.</summary>
    public int[] Digitized { get; }

    /// <summary>For each row of the table, the index of the point inserted at its time.</summary>
    public int[] IntervalStart { get; }

    /// <summary>The table's times, from 0.</summary>
    public double[] AtRiskTimes { get; }

    /// <summary>The table's numbers at risk, from the number of patients at 0.</summary>
    public int[] AtRisk { get; }

    /// <summary>The published number of each row; null for a row this preparation added.</summary>
    public int?[] AtRiskGiven { get; }

    /// <summary>How many digitised points the monotone fix moved.</summary>
    public int PointsAdjusted { get; }

    /// <summary>Number of points.</summary>
    public int Count => Times.Length;

    /// <summary>Number of rows of the table, and so of intervals.</summary>
    public int Intervals => AtRiskTimes.Length;

    /// <summary>The first point of the interval after <paramref name="interval"/> (the point count after the last).</summary>
    public int IntervalEnd(int interval) => interval + 1 < Intervals ? IntervalStart[interval + 1] : Count;

    /// <summary>Prepares a curve that has passed <see cref="PublishedCurveRules.Basic"/>.</summary>
    public static PreparedCurve From(PublishedCurve curve, MonotoneFix fix)
    {
        var read = curve.Points.Where(p => p.Time > 0)
            .OrderBy(p => p.Time).ThenByDescending(p => p.Survival)
            .ToArray();
        var fitted = read.Select(p => p.Survival).ToArray();
        if (fix == MonotoneFix.IsotonicRegression) IsotonicNonIncreasing(fitted);
        else RunningMinimum(fitted);
        var adjusted = 0;
        for (var i = 0; i < read.Length; i++) if (fitted[i] != read[i].Survival) adjusted++;

        var (tableTimes, tableCounts, given) = TableFromZero(curve, read, fitted);

        // Merge the origin, the table's times and the read points into one sequence.
        var times = new List<double>(read.Length + tableTimes.Length + 1);
        var survival = new List<double>(times.Capacity);
        var digitized = new int[read.Length];
        var starts = new int[tableTimes.Length];
        var (next, last) = (0, 1.0);
        for (var row = 0; row < tableTimes.Length; row++)
        {
            for (; next < read.Length && read[next].Time < tableTimes[row]; next++)
            {
                digitized[next] = times.Count;
                times.Add(read[next].Time);
                survival.Add(last = fitted[next]);
            }
            starts[row] = times.Count;
            times.Add(tableTimes[row]);
            survival.Add(last);
        }
        for (; next < read.Length; next++)
        {
            digitized[next] = times.Count;
            times.Add(read[next].Time);
            survival.Add(fitted[next]);
        }
        return new PreparedCurve([.. times], [.. survival], digitized, starts, tableTimes, tableCounts, given, adjusted);
    }

    /// <summary>The step function's value just before <paramref name="time"/>: the last fitted point read before it, else 1.</summary>
    public static double ValueBefore(IReadOnlyList<DigitizedPoint> read, IReadOnlyList<double> fitted, double time)
    {
        var value = 1.0;
        for (var i = 0; i < read.Count && read[i].Time < time; i++) value = fitted[i];
        return value;
    }

    private static (double[] Times, int[] Counts, int?[] Given) TableFromZero(PublishedCurve curve, DigitizedPoint[] read, double[] fitted)
    {
        var table = curve.AtRisk;
        if (table.Length == 0) return ([0], [curve.Subjects!.Value], [curve.Subjects]);
        if (table[0].Time == 0)
            return ([.. table.Select(r => r.Time)], [.. table.Select(r => r.AtRisk)], [.. table.Select(r => (int?)r.AtRisk)]);
        var first = curve.Subjects ?? InferredStart(table[0], ValueBefore(read, fitted, table[0].Time));
        return ([0, .. table.Select(r => r.Time)], [first, .. table.Select(r => r.AtRisk)],
            [curve.Subjects, .. table.Select(r => (int?)r.AtRisk)]);
    }

    /// <summary>n_0 = round(n_1 / S(t_1−)): the patients at 0 when nobody was censored before the first printed time.</summary>
    public static int InferredStart(AtRiskCount first, double survivalBefore) =>
        survivalBefore > 0 ? Math.Max(first.AtRisk, (int)Math.Round(first.AtRisk / survivalBefore, MidpointRounding.ToEven)) : first.AtRisk;

    /// <summary>Pool-adjacent-violators: the least-squares non-increasing sequence, in place.</summary>
    private static void IsotonicNonIncreasing(double[] values)
    {
        // Blocks of pooled values: their means are non-increasing once no two neighbours violate.
        var means = new double[values.Length];
        var sizes = new int[values.Length];
        var blocks = 0;
        foreach (var value in values)
        {
            means[blocks] = value;
            sizes[blocks] = 1;
            blocks++;
            while (blocks > 1 && means[blocks - 1] > means[blocks - 2])
            {
                var size = sizes[blocks - 2] + sizes[blocks - 1];
                means[blocks - 2] = (means[blocks - 2] * sizes[blocks - 2] + means[blocks - 1] * sizes[blocks - 1]) / size;
                sizes[blocks - 2] = size;
                blocks--;
            }
        }
        var position = 0;
        for (var b = 0; b < blocks; b++)
            for (var i = 0; i < sizes[b]; i++) values[position++] = means[b];
    }

    private static void RunningMinimum(double[] values)
    {
        for (var i = 1; i < values.Length; i++) values[i] = Math.Min(values[i], values[i - 1]);
    }
}
