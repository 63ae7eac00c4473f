using Survival.Core.Cox;

namespace Survival.Core.Numerics;

/// <summary>
/// Two counts (or case-weight sums) of values by rank with prefix sums in O(log n), for pair counting: a Fenwick tree
/// (Fenwick 1994) over blocks of 16 ranks, and the exact count of every rank, both counts side by side. Counts are
/// whole doubles, exact up to 2⁵³.
/// </summary>
/// <remarks>
/// A prefix sum is the tree's sum over the whole blocks below the rank plus a scan of at most 15 adjacent exact
/// counts. The tree has one node per 16 ranks, so for a million ranks it stays in cache, and an update or a query
/// touches at most four adjacent cache lines outside it, which <see cref="Prefetch"/> fetches ahead, where a tree over
/// every rank would miss the cache at most of its twenty levels.
/// </remarks>
internal sealed class FenwickTree
{
    private const int BlockBits = 4;

    /// <summary>The most ranks whose exact counts (16 bytes each, 256 kB) stay in the nearest caches without prefetching.</summary>
    private const int CachedRanks = 1 << 14;

    private readonly double[] _blocks;
    private readonly double[] _exact;
    private readonly int _blockCount;

    public FenwickTree(int size)
    {
        _blockCount = (size >> BlockBits) + 1;
        _blocks = new double[2 * (_blockCount + 1)];
        _exact = new double[2 * size];
    }

    /// <summary>The number of ranks.</summary>
    public int Size => _exact.Length / 2;

    /// <summary>
    /// Every prefix sum at once, <see cref="Below"/>(r) for r = 0 … <see cref="Size"/> at 2r and 2r + 1 of
    /// <paramref name="into"/>, by one pass over the exact counts: for a run of many queries between two updates.
    /// </summary>
    public void PrefixSums(double[] into)
    {
        double first = 0, second = 0;
        for (var r = 0; r < Size; r++)
        {
            (into[2 * r], into[2 * r + 1]) = (first, second);
            first += _exact[2 * r];
            second += _exact[2 * r + 1];
        }
        (into[2 * Size], into[2 * Size + 1]) = (first, second);
    }

    /// <summary>The totals of the first and second counts.</summary>
    public (double First, double Second) Count { get; private set; }

    public void Add(int rank, double first, double second)
    {
        Count = (Count.First + first, Count.Second + second);
        _exact[2 * rank] += first;
        _exact[2 * rank + 1] += second;
        for (var i = (rank >> BlockBits) + 1; i <= _blockCount; i += i & -i)
        {
            _blocks[2 * i] += first;
            _blocks[2 * i + 1] += second;
        }
    }

    /// <summary>
    /// Adds to the exact counts only, leaving the tree over the blocks to be rebuilt in one pass before the next
    /// <see cref="Below"/>: for many values added between two queries (reading <see cref="PrefixSums"/> meanwhile is fine).
    /// </summary>
    public void AddExact(int rank, double first, double second)
    {
        Count = (Count.First + first, Count.Second + second);
        _exact[2 * rank] += first;
        _exact[2 * rank + 1] += second;
        _stale = true;
    }

    /// <summary>Whether values were added by <see cref="AddExact"/> since the blocks were last summed.</summary>
    private bool _stale;

    /// <summary>The tree over the blocks from the exact counts: each block's sum, then each node added to its parent.</summary>
    private void RebuildBlocks()
    {
        Array.Clear(_blocks);
        for (var r = 0; r < Size; r++)
        {
            var i = (r >> BlockBits) + 1;
            _blocks[2 * i] += _exact[2 * r];
            _blocks[2 * i + 1] += _exact[2 * r + 1];
        }
        for (var i = 1; i <= _blockCount; i++)
        {
            var parent = i + (i & -i);
            if (parent > _blockCount) continue;
            _blocks[2 * parent] += _blocks[2 * i];
            _blocks[2 * parent + 1] += _blocks[2 * i + 1];
        }
        _stale = false;
    }

    /// <summary>The counts of values with a rank below <paramref name="rank"/>.</summary>
    public (double First, double Second) Below(int rank)
    {
        if (_stale) RebuildBlocks();
        double first = 0, second = 0;
        var block = rank >> BlockBits;
        for (var i = block; i > 0; i -= i & -i)
        {
            first += _blocks[2 * i];
            second += _blocks[2 * i + 1];
        }
        var exact = _exact.AsSpan(2 * (block << BlockBits), 2 * (rank - (block << BlockBits)));
        for (var k = 0; k < exact.Length; k += 2)
        {
            first += exact[k];
            second += exact[k + 1];
        }
        return (first, second);
    }

    /// <summary>Starts fetching what <see cref="Add"/> and <see cref="Below"/> at <paramref name="rank"/> will read.</summary>
    public void Prefetch(int rank)
    {
        if (_exact.Length <= 2 * CachedRanks) return;
        // A block's exact counts span four cache lines; the scan reads those up to the rank's.
        var first = 2 * (rank >> BlockBits << BlockBits);
        for (var line = first; line <= 2 * rank + 1; line += 8) CachePrefetch.Element(_exact, line);
        CachePrefetch.Element(_exact, 2 * rank + 1);
    }

    /// <summary>The counts of values with exactly <paramref name="rank"/>.</summary>
    public (double First, double Second) At(int rank) => (_exact[2 * rank], _exact[2 * rank + 1]);
}
