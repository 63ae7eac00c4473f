namespace Survival.Core;

/// <summary>Counts of values by rank with prefix sums in O(log n) (Fenwick 1994), for pair counting.</summary>
internal sealed class FenwickTree(int size)
{
    private readonly long[] _tree = new long[size + 1];
    private readonly long[] _exact = new long[size];

    /// <summary>How many values were added.</summary>
    public long Count { get; private set; }

    public void Add(int rank)
    {
        Count++;
        _exact[rank]++;
        for (var i = rank + 1; i < _tree.Length; i += i & -i) _tree[i]++;
    }

    /// <summary>How many added values have a rank below <paramref name="rank"/>.</summary>
    public long Below(int rank)
    {
        long sum = 0;
        for (var i = rank; i > 0; i -= i & -i) sum += _tree[i];
        return sum;
    }

    /// <summary>How many added values have exactly <paramref name="rank"/>.</summary>
    public long At(int rank) => _exact[rank];

    public void Clear()
    {
        Array.Clear(_tree);
        Array.Clear(_exact);
        Count = 0;
    }
}
