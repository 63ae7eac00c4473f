using Survival.Core.IntervalCensoring;

namespace Survival.Core.Tests.IntervalCensoring;

/// <summary>
/// Turnbull's estimate straight from the definitions, for checking the fast path: the maximal intersections by testing
/// every pair of ends, α_ij by testing containment, and plain EM (Turnbull's self-consistency iteration).
/// </summary>
internal static class PlainTurnbull
{
    /// <summary>How far an estimate is from the NPMLE's conditions, each relative to N.</summary>
    public sealed record ConditionResiduals(double MaxGradient, double MaxSupportGradient, double MaxSelfConsistency);

    /// <summary>Whether the observation (l, r] (or {l} when l = r) contains the point x.</summary>
    public static bool Contains(double l, double r, double x) => l == r ? x == l : l < x && x <= r;

    /// <summary>
    /// The maximal intersections by their definition: at every end value, between consecutive end values and past the
    /// last, the set of observations containing the point; the maximal such sets (no other contains them) are the
    /// maximal cliques, and each one's intersection — (largest left end, smallest right end], or the exact time when an
    /// exact observation is among them — is a Turnbull interval. α_ij is then membership in clique j.
    /// </summary>
    public static (List<(double Left, double Right)> Intervals, bool[,] Alpha) MaximalIntersections(IntervalCensoredData data)
    {
        var n = data.Count;
        var ends = data.Left.Concat(data.Right.Where(double.IsFinite)).Distinct().Order().ToArray();
        var points = new List<double>(ends);
        for (var k = 0; k + 1 < ends.Length; k++) points.Add((ends[k] + ends[k + 1]) / 2);
        points.Add(ends[^1] + 1);
        var cliques = points
            .Select(x => Enumerable.Range(0, n).Where(i => Contains(data.Left[i], data.Right[i], x)).ToHashSet())
            .Where(c => c.Count > 0)
            .ToList();
        var maximal = cliques.Where(c => !cliques.Any(o => o.Count > c.Count && c.IsSubsetOf(o))).ToList();
        var unique = new List<HashSet<int>>();
        foreach (var c in maximal) if (!unique.Any(u => u.SetEquals(c))) unique.Add(c);
        var intervals = unique.Select(c => c.Any(i => data.Left[i] == data.Right[i])
                ? (data.Left[c.First(i => data.Left[i] == data.Right[i])], data.Left[c.First(i => data.Left[i] == data.Right[i])])
                : (c.Max(i => data.Left[i]), c.Min(i => data.Right[i])))
            .ToList();
        var order = Enumerable.Range(0, unique.Count).OrderBy(j => intervals[j].Item1).ThenBy(j => intervals[j].Item2).ToArray();
        var alpha = new bool[n, unique.Count];
        for (var k = 0; k < order.Length; k++)
            foreach (var i in unique[order[k]]) alpha[i, k] = true;
        return ([.. order.Select(j => intervals[j])], alpha);
    }

    /// <summary>The conditions of the NPMLE for masses given on the estimate's intervals, checked over every maximal intersection.</summary>
    public static ConditionResiduals Conditions(IntervalCensoredData data, TurnbullEstimate estimate)
    {
        var (intervals, alpha) = MaximalIntersections(data);
        var mass = new double[intervals.Count];
        for (var k = 0; k < estimate.Mass.Length; k++)
        {
            var j = intervals.IndexOf((estimate.Left[k], estimate.Right[k]));
            Assert.True(j >= 0, $"({estimate.Left[k]}, {estimate.Right[k]}] is not a maximal intersection");
            mass[j] = estimate.Mass[k];
        }
        var total = (double)data.Subjects;
        var gradient = Gradient(data, alpha, mass);
        var (maxGradient, maxSupport, maxSelf) = (double.NegativeInfinity, 0.0, 0.0);
        for (var j = 0; j < mass.Length; j++)
        {
            maxGradient = Math.Max(maxGradient, gradient[j] / total);
            if (mass[j] <= 0) continue;
            maxSupport = Math.Max(maxSupport, Math.Abs(gradient[j]) / total);
            maxSelf = Math.Max(maxSelf, Math.Abs(mass[j] - mass[j] * (gradient[j] + total) / total));
        }
        return new ConditionResiduals(maxGradient, maxSupport, maxSelf);
    }

    /// <summary>d_j = Σ_i w_i α_ij / P_i − N.</summary>
    public static double[] Gradient(IntervalCensoredData data, bool[,] alpha, double[] mass)
    {
        var gradient = new double[mass.Length];
        for (var i = 0; i < data.Count; i++)
        {
            var probability = 0.0;
            for (var j = 0; j < mass.Length; j++) if (alpha[i, j]) probability += mass[j];
            for (var j = 0; j < mass.Length; j++) if (alpha[i, j]) gradient[j] += data.Counts[i] / probability;
        }
        for (var j = 0; j < mass.Length; j++) gradient[j] -= data.Subjects;
        return gradient;
    }

    /// <summary>Turnbull's self-consistency (EM) iteration from equal masses: p_j ← p_j Σ_i w_i α_ij / (N P_i).</summary>
    public static double[] SelfConsistency(IntervalCensoredData data, bool[,] alpha, int iterations)
    {
        var m = alpha.GetLength(1);
        var mass = Enumerable.Repeat(1.0 / m, m).ToArray();
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var gradient = Gradient(data, alpha, mass);
            for (var j = 0; j < m; j++) mass[j] *= (gradient[j] + data.Subjects) / data.Subjects;
        }
        return mass;
    }
}
