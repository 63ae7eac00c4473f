namespace Survival.Core;

/// <summary>
/// Two counts of values by rank with prefix sums in O(log n) (Fenwick 1994), for pair counting: both counts of a
/// node sit side by side, so one walk of the tree updates or reads both.
/// </summary>
internal sealed class FenwickTree(int size)
{
    private readonly int[] _tree = new int[2 * (size + 1)];
    private readonly int[] _exact = new int[2 * size];

    /// <summary>The totals of the first and second counts.</summary>
    public (int First, int Second) Count { get; private set; }

    public void Add(int rank, int first, int second)
    {
        Count = (Count.First + first, Count.Second + second);
        _exact[2 * rank] += first;
        _exact[2 * rank + 1] += second;
        for (var i = rank + 1; i <= size; i += i & -i)
        {
            _tree[2 * i] += first;
            _tree[2 * i + 1] += second;
        }
    }

    /// <summary>The counts of values with a rank below <paramref name="rank"/>.</summary>
    public (int First, int Second) Below(int rank)
    {
        int first = 0, second = 0;
        for (var i = rank; i > 0; i -= i & -i)
        {
            first += _tree[2 * i];
            second += _tree[2 * i + 1];
        }
        return (first, second);
    }

    /// <summary>The counts of values with exactly <paramref name="rank"/>.</summary>
    public (int First, int Second) At(int rank) => (_exact[2 * rank], _exact[2 * rank + 1]);
}
