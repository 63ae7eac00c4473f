using System.Buffers;

namespace Survival.Core.Numerics;

/// <summary>
/// The stable sorting permutation of doubles by radix sorts on their bits, for the per-subject sorts of a Cox
/// regression (times for the risk-set sweep, linear predictors for the concordance).
/// </summary>
/// <remarks>
/// A double's bits, with the sign bit flipped for positive values and every bit flipped for negative ones, order as
/// the values do (−0 is first made +0 so that it ties with 0). The keys are first sorted by their two high bytes (sign,
/// exponent and four bits of mantissa) by one counting pass over the whole array; each run of equal
/// high bytes, usually small enough to stay in cache, is then sorted by its six low bytes, the runs shared between two threads
/// for a large array, and a run of a few keys by insertion. Every pass of one byte skips a byte that is the same for
/// every key of its range. The cost is O(n), with the passes over the whole array sequential in memory, where a
/// comparison sort of a million keys costs about twenty random passes.
/// </remarks>
internal static class RadixOrder
{
    private const int Buckets = 256;

    /// <summary>The key of <paramref name="value"/> whose unsigned order is the value's ascending order.</summary>
    public static ulong Ascending(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value + 0.0);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary>The value whose <see cref="Ascending"/> key is <paramref name="key"/>.</summary>
    public static double FromAscending(ulong key) =>
        BitConverter.Int64BitsToDouble((long)((key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key));

    /// <summary>The key of <paramref name="value"/> whose unsigned order is the value's descending order.</summary>
    public static ulong Descending(double value) => ~Ascending(value);

    /// <summary>
    /// The positions of <paramref name="keys"/> in ascending key order, equal keys in their original order;
    /// <paramref name="keys"/> is left sorted.
    /// </summary>
    public static int[] Sort(ulong[] keys)
    {
        var n = keys.Length;
        var order = new int[n];
        var scratch = new Scratch(new ulong[n], new int[n]);
        SortByHighBytes(keys, order, scratch);

        var runs = new List<int> { 0 };
        for (var i = 1; i < n; i++)
        {
            if (keys[i] >> (8 * LowBytes) != keys[i - 1] >> (8 * LowBytes)) runs.Add(i);
        }
        runs.Add(n);
        // The runs in two shares of about n/2 keys each, side by side; a share never cuts a run.
        var middle = runs.FindIndex(start => start >= n / 2);
        ParallelHalves.Run(n, (half, _, _) =>
        {
            var (first, last) = n < ParallelHalves.Threshold ? (0, runs.Count - 1) : half == 0 ? (0, middle) : (middle, runs.Count - 1);
            // The shares write disjoint ranges of the same buffers, each with its own counts.
            var own = half == 0 ? scratch : scratch.Beside();
            for (var r = first; r < last; r++) own.SortByLowBytes(keys, order, runs[r], runs[r + 1]);
        });
        return order;
    }

    /// <summary>
    /// Sorts the keys stably by their two high bytes in one counting pass of 65,536 buckets, of which only as many are
    /// written as the keys have distinct high bytes (a few hundred for times or linear predictors on one scale).
    /// </summary>
    /// <remarks>Writes the keys' original positions into <paramref name="order"/>.</remarks>
    private static void SortByHighBytes(ulong[] keys, int[] order, Scratch scratch)
    {
        const int shift = 8 * LowBytes;
        // Borrowed: a fresh 256 kB histogram on every sort would be memory the collector hands out newly paged each time.
        var borrowed = ArrayPool<int>.Shared.Rent(1 << 16);
        var counts = borrowed.AsSpan(0, 1 << 16);
        counts.Clear();
        foreach (var key in keys) counts[(int)(key >> shift)]++;
        var next = 0;
        for (var b = 0; b < counts.Length; b++) (counts[b], next) = (next, next + counts[b]);
        var (sortedKeys, sortedOrder) = scratch.Buffers;
        for (var i = 0; i < keys.Length; i++)
        {
            var target = counts[(int)(keys[i] >> shift)]++;
            sortedKeys[target] = keys[i];
            sortedOrder[target] = i;
        }
        ArrayPool<int>.Shared.Return(borrowed);
        sortedKeys.CopyTo(keys, 0);
        sortedOrder.CopyTo(order, 0);
    }

    /// <summary>The bytes below the two high bytes.</summary>
    private const int LowBytes = 6;

    /// <summary>Below this many keys a run is sorted by insertion rather than by passes of counts.</summary>
    private const int InsertionLimit = 48;

    /// <summary>The buffers of one thread's passes: the keys and positions being written, and the counts of each byte.</summary>
    private sealed class Scratch(ulong[] keys, int[] order)
    {
        private readonly ulong[] _keys = keys;
        private readonly int[] _order = order;
        private readonly int[] _counts = new int[LowBytes * Buckets];

        public (ulong[] Keys, int[] Order) Buffers => (_keys, _order);

        /// <summary>Scratch for another thread sorting other ranges: the same buffers, its own counts.</summary>
        public Scratch Beside() => new(_keys, _order);

        /// <summary>Sorts [<paramref name="from"/>, <paramref name="to"/>), of equal high bytes, stably by the low bytes.</summary>
        public void SortByLowBytes(ulong[] keys, int[] order, int from, int to)
        {
            var length = to - from;
            if (length < InsertionLimit)
            {
                Insertion(keys, order, from, to);
                return;
            }
            // A run of one key — a group factor's η, or a time shared by many — is in order already; the scan stops
            // at the first other key, so it costs next to nothing when the run has several.
            if (keys.AsSpan(from, length).IndexOfAnyExcept(keys[from]) < 0) return;
            var counts = _counts.AsSpan();
            counts.Clear();
            for (var i = from; i < to; i++)
            {
                for (var digit = 0; digit < LowBytes; digit++) counts[digit * Buckets + (int)((keys[i] >> (8 * digit)) & 0xFF)]++;
            }
            var (sourceKeys, sourceOrder, targetKeys, targetOrder) = (keys, order, _keys, _order);
            for (var digit = 0; digit < LowBytes; digit++)
            {
                var histogram = counts.Slice(digit * Buckets, Buckets);
                var shift = 8 * digit;
                if (histogram[(int)((sourceKeys[from] >> shift) & 0xFF)] == length) continue;
                var next = from;
                for (var b = 0; b < Buckets; b++) (histogram[b], next) = (next, next + histogram[b]);
                for (var i = from; i < to; i++)
                {
                    var target = histogram[(int)((sourceKeys[i] >> shift) & 0xFF)]++;
                    targetKeys[target] = sourceKeys[i];
                    targetOrder[target] = sourceOrder[i];
                }
                (sourceKeys, targetKeys) = (targetKeys, sourceKeys);
                (sourceOrder, targetOrder) = (targetOrder, sourceOrder);
            }
            if (ReferenceEquals(sourceKeys, keys)) return;
            Array.Copy(sourceKeys, from, keys, from, length);
            Array.Copy(sourceOrder, from, order, from, length);
        }

        private static void Insertion(ulong[] keys, int[] order, int from, int to)
        {
            for (var i = from + 1; i < to; i++)
            {
                var (key, position) = (keys[i], order[i]);
                var j = i - 1;
                for (; j >= from && keys[j] > key; j--) (keys[j + 1], order[j + 1]) = (keys[j], order[j]);
                (keys[j + 1], order[j + 1]) = (key, position);
            }
        }
    }
}
