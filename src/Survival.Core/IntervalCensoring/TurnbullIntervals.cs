using System.Collections.Immutable;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// Turnbull's intervals (the maximal intersections, or innermost intervals) of a sample, and for each observed interval
/// the run of them it contains: the only places where the nonparametric maximum-likelihood estimate can put mass.
/// </summary>
/// <remarks>
/// Peto (1973) and Turnbull (1976): order every end of every observation, lefts and rights labelled, and take each left
/// end that is immediately followed by a right end; (q_j, p_j] is then contained in some observations and no other end
/// lies inside it. An observation (L, R] contains x when L &lt; x ≤ R; an exact observation t contains only t. So at one
/// value an exact observation's left end comes first (it is t itself), then the right ends (which contain the value),
/// then the open left ends (which do not). Every observation contains at least one Turnbull interval, and those it
/// contains are consecutive, <see cref="First"/>[i] to <see cref="Last"/>[i].
/// </remarks>
internal sealed class TurnbullIntervals
{
    private readonly End[] _leftEnds;
    private readonly End[] _rightEnds;

    private TurnbullIntervals(End[] leftEnds, End[] rightEnds, int[] first, int[] last)
    {
        _leftEnds = leftEnds;
        _rightEnds = rightEnds;
        Left = [.. leftEnds.Select(e => e.Value)];
        Right = [.. rightEnds.Select(e => e.Value)];
        First = first;
        Last = last;
    }

    /// <summary>Left end q_j of each Turnbull interval, increasing; equal to the right end for a point (an exact time).</summary>
    public double[] Left { get; }

    /// <summary>Right end p_j of each Turnbull interval; +∞ for a last interval that only right-censored subjects reach.</summary>
    public double[] Right { get; }

    /// <summary>The number of Turnbull intervals m.</summary>
    public int Count => Left.Length;

    /// <summary>For each row of the data, the first Turnbull interval it contains.</summary>
    public int[] First { get; }

    /// <summary>For each row of the data, the last Turnbull interval it contains.</summary>
    public int[] Last { get; }

    /// <summary>The Turnbull intervals of <paramref name="data"/> and the run each row contains.</summary>
    public static TurnbullIntervals Of(IntervalCensoredData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var n = data.Count;
        var lefts = new End[n];
        var rights = new End[n];
        for (var i = 0; i < n; i++)
        {
            var (l, r) = (data.Left[i], data.Right[i]);
            lefts[i] = new End(l, l == r ? Side.ExactLeft : Side.OpenLeft);
            rights[i] = new End(r, Side.Right);
        }
        var sortedLefts = (End[])lefts.Clone();
        var sortedRights = (End[])rights.Clone();
        Array.Sort(sortedLefts);
        Array.Sort(sortedRights);

        // Merge the two sorted lists; a left end followed by a right end opens and closes one Turnbull interval.
        var qs = new List<End>();
        var ps = new List<End>();
        var (a, b) = (0, 0);
        End? pendingLeft = null;
        while (b < n)
        {
            if (a < n && sortedLefts[a].CompareTo(sortedRights[b]) < 0)
            {
                pendingLeft = sortedLefts[a++];
                continue;
            }
            if (pendingLeft is { } q)
            {
                qs.Add(q);
                ps.Add(sortedRights[b]);
                pendingLeft = null;
            }
            b++;
        }

        var qEnds = qs.ToArray();
        var pEnds = ps.ToArray();
        var first = new int[n];
        var last = new int[n];
        for (var i = 0; i < n; i++) (first[i], last[i]) = Locate(qEnds, pEnds, lefts[i], rights[i]);
        return new TurnbullIntervals(qEnds, pEnds, first, last);
    }

    /// <summary>
    /// The first and last of these Turnbull intervals that an observation (left, right] contains — of any sample whose
    /// ends are among the ones these intervals were found from (a group's rows within the pooled sample).
    /// </summary>
    public (int First, int Last) Locate(double left, double right) =>
        Locate(_leftEnds, _rightEnds, new End(left, left == right ? Side.ExactLeft : Side.OpenLeft), new End(right, Side.Right));

    private static (int First, int Last) Locate(End[] qEnds, End[] pEnds, End left, End right)
    {
        // The first interval whose left end is at or after the row's, the last whose right end is at or before the row's.
        var at = Array.BinarySearch(qEnds, left);
        var first = at >= 0 ? at : ~at;
        at = Array.BinarySearch(pEnds, right);
        return (first, at >= 0 ? at : ~at - 1);
    }

    /// <summary>
    /// These intervals with every run of neighbours that no row of weight &gt; 0 tells apart (no such row ends between them
    /// or starts between them) merged into one; null when every pair is told apart, as it is when every row has weight.
    /// </summary>
    public MergedIntervals? Merge(double[] weights)
    {
        var apart = new bool[Count];
        for (var i = 0; i < First.Length; i++)
        {
            if (weights[i] == 0) continue;
            // A row that ends at j separates j from j + 1; one that starts at j separates j − 1 from j.
            apart[Last[i]] = true;
            if (First[i] > 0) apart[First[i] - 1] = true;
        }
        apart[Count - 1] = true;
        if (apart.All(a => a)) return null;
        var group = new int[Count];
        var groups = 0;
        for (var j = 0; j < Count; j++)
        {
            group[j] = groups;
            if (apart[j]) groups++;
        }
        var (left, right) = (new End[groups], new End[groups]);
        for (var j = Count - 1; j >= 0; j--) left[group[j]] = _leftEnds[j];
        for (var j = 0; j < Count; j++) right[group[j]] = _rightEnds[j];
        var merged = new TurnbullIntervals(left, right, [.. First.Select(j => group[j])], [.. Last.Select(j => group[j])]);
        return new MergedIntervals(merged, group);
    }

    /// <summary>Turnbull intervals merged where no row tells them apart, and which merged interval each original one is in.</summary>
    internal sealed record MergedIntervals(TurnbullIntervals Intervals, int[] Group)
    {
        /// <summary>The masses of the merged intervals: sums of the originals'.</summary>
        public double[] Sum(double[] masses)
        {
            var sums = new double[Intervals.Count];
            for (var j = 0; j < Group.Length; j++) sums[Group[j]] += masses[j];
            return sums;
        }

        /// <summary>
        /// The originals' masses: each merged mass shared out in proportion to <paramref name="shape"/> (the full data's
        /// estimate, for a bootstrap replicate), or put on the first original where the shape gives it none.
        /// </summary>
        public double[] Share(double[] merged, double[]? shape)
        {
            var within = shape is null ? new double[Intervals.Count] : Sum(shape);
            var masses = new double[Group.Length];
            for (var j = 0; j < Group.Length; j++)
            {
                var g = Group[j];
                if (within[g] > 0) masses[j] = merged[g] * shape![j] / within[g];
                else if (j == 0 || Group[j - 1] != g) masses[j] = merged[g];
            }
            return masses;
        }
    }

    /// <summary>Where an end sorts among ends of the same value.</summary>
    private enum Side
    {
        ExactLeft = 0,
        Right = 1,
        OpenLeft = 2,
    }

    private readonly record struct End(double Value, Side Side) : IComparable<End>
    {
        public int CompareTo(End other) => Value != other.Value ? Value.CompareTo(other.Value) : Side.CompareTo(other.Side);
    }
}
