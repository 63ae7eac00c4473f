using System.Runtime.InteropServices;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// Counts interval-censored subjects and count rows of one cell by their distinct (left, right] interval in a hash table
/// keyed by the bounds' bits, so that memory grows with the number of distinct intervals (a registry's scan days repeat),
/// not of subjects.
/// </summary>
internal sealed class IntervalCounter
{
    private readonly Dictionary<(long Left, long Right), long> _counts = [];

    /// <summary>Subjects counted so far.</summary>
    public long Subjects { get; private set; }

    /// <summary>Adds <paramref name="count"/> subjects with the interval (left, right].</summary>
    /// <exception cref="InputRuleException">A bound breaks the rules; <paramref name="position"/> follows the input's name.</exception>
    public void Add(double left, double right, long count, string position)
    {
        if (!InputRules.IsIntervalLeft(left)) throw new InputRuleException($"left{position}", InputRules.IntervalLeftRequirement);
        if (!InputRules.IsIntervalRight(left, right)) throw new InputRuleException($"right{position}", InputRules.IntervalRightRequirement);
        if (!InputRules.IsCount(count)) throw new InputRuleException($"count{position}", InputRules.CountRequirement);
        if (count == 0) return;
        // −0 and +0 are one time.
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, (BitConverter.DoubleToInt64Bits(left + 0.0), BitConverter.DoubleToInt64Bits(right + 0.0)), out _);
        slot += count;
        Subjects += count;
    }

    /// <summary>The counted rows, sorted by (left, right).</summary>
    /// <exception cref="InputRuleException">More than 2³¹ − 1 subjects share one interval.</exception>
    public IntervalCensoredData Build()
    {
        var rows = _counts.ToArray();
        var left = new double[rows.Length];
        var right = new double[rows.Length];
        var counts = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            left[i] = BitConverter.Int64BitsToDouble(rows[i].Key.Left);
            right[i] = BitConverter.Int64BitsToDouble(rows[i].Key.Right);
            if (rows[i].Value > int.MaxValue) throw new InputRuleException("cohort", $"may have at most {int.MaxValue} subjects");
            counts[i] = (int)rows[i].Value;
        }
        var order = Enumerable.Range(0, rows.Length).ToArray();
        Array.Sort(order, (a, b) => left[a] != left[b] ? left[a].CompareTo(left[b]) : right[a].CompareTo(right[b]));
        return new IntervalCensoredData(
            order.Select(i => left[i]).ToArray().Own(),
            order.Select(i => right[i]).ToArray().Own(),
            order.Select(i => counts[i]).ToArray().Own());
    }
}
