using System.Collections.Immutable;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// Interval-censored observations of one sample, as R's <c>Surv(left, right, type = "interval2")</c>: each row is a
/// distinct interval (left, right] in which the event happened, with the number of subjects who have it. It is what
/// every interval-censored method reads — Turnbull's estimate, the interval-censored log-rank family, the midpoint and
/// right-point imputations, and a parametric fit of the same observations.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>left &lt; right &lt; ∞: the event happened in (left, right] — after the last assessment without it, by the first with it;</item>
/// <item>left = 0 &lt; right: left-censored, the event happened by <c>right</c>;</item>
/// <item>right = +∞: right-censored at <c>left</c>, no event seen;</item>
/// <item>left = right: the event was observed exactly then.</item>
/// </list>
/// Rows are sorted by (left, right) and distinct. Subjects given one by one are rows with count 1 until they are counted.
/// </remarks>
/// <param name="Left">Left ends, finite and ≥ 0.</param>
/// <param name="Right">Right ends, ≥ the left end; +∞ for right-censored rows.</param>
/// <param name="Counts">Subjects with each interval, > 0.</param>
public sealed record IntervalCensoredData(ImmutableArray<double> Left, ImmutableArray<double> Right, ImmutableArray<int> Counts)
{
    /// <summary>The number of distinct intervals.</summary>
    public int Count => Left.Length;

    /// <summary>The number of subjects.</summary>
    public long Subjects => Sum(static (_, _) => true);

    /// <summary>Subjects whose event was observed exactly (left = right).</summary>
    public long Exact => Sum(static (l, r) => l == r);

    /// <summary>Subjects with the event by their right end and no earlier assessment (0 = left &lt; right &lt; ∞).</summary>
    public long LeftCensored => Sum(static (l, r) => l == 0 && r > 0 && double.IsFinite(r));

    /// <summary>Subjects whose event happened within (left, right], 0 &lt; left &lt; right &lt; ∞.</summary>
    public long IntervalCensored => Sum(static (l, r) => l > 0 && r > l && double.IsFinite(r));

    /// <summary>Subjects with no event seen (right = ∞).</summary>
    public long RightCensored => Sum(static (_, r) => double.IsPositiveInfinity(r));

    /// <summary>Subjects with the event: every subject not right-censored.</summary>
    public long Events => Subjects - RightCensored;

    /// <summary>The rows of subjects given one by one, checked and counted.</summary>
    /// <exception cref="InputRuleException">A bound breaks <see cref="InputRules.IsIntervalLeft"/> or <see cref="InputRules.IsIntervalRight"/>, or the lengths differ.</exception>
    public static IntervalCensoredData FromSubjects(IReadOnlyList<double> left, IReadOnlyList<double> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Count != right.Count) throw new InputRuleException("right", "must give one right end per left end");
        var counter = new IntervalCounter();
        for (var i = 0; i < left.Count; i++) counter.Add(left[i], right[i], 1, $"[{i}]");
        return counter.Build();
    }

    /// <summary>The rows of several samples together (strata pooled, or every group for the pooled estimate).</summary>
    public static IntervalCensoredData Pool(IEnumerable<IntervalCensoredData> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var counter = new IntervalCounter();
        foreach (var sample in samples)
            for (var i = 0; i < sample.Count; i++) counter.Add(sample.Left[i], sample.Right[i], sample.Counts[i], "");
        return counter.Build();
    }

    private long Sum(Func<double, double, bool> include)
    {
        var total = 0L;
        for (var i = 0; i < Left.Length; i++) if (include(Left[i], Right[i])) total += Counts[i];
        return total;
    }
}
