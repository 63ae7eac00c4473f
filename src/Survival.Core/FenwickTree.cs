namespace Survival.Core;

/// <summary>
/// Counts (or case-weight sums) of values by rank with prefix sums in O(log n) (Fenwick 1994), for pair counting.
/// Counts are whole doubles, exact up to 2⁵³.
/// </summary>
internal sealed class FenwickTree(int size)
{
    private readonly double[] _tree = new double[size + 1];
    private readonly double[] _exact = new double[size];

    /// <summary>How many values were added (the sum of their weights).</summary>
    public double Count { get; private set; }

    public void Add(int rank, double weight = 1)
    {
        Count += weight;
        _exact[rank] += weight;
        for (var i = rank + 1; i < _tree.Length; i += i & -i) _tree[i] += weight;
    }

    /// <summary>How many added values have a rank below <paramref name="rank"/>.</summary>
    public double Below(int rank)
    {
        var sum = 0.0;
        for (var i = rank; i > 0; i -= i & -i) sum += _tree[i];
        return sum;
    }

    /// <summary>How many added values have exactly <paramref name="rank"/>.</summary>
    public double At(int rank) => _exact[rank];

    public void Clear()
    {
        Array.Clear(_tree);
        Array.Clear(_exact);
        Count = 0;
    }
}
