using System.Numerics;
using Survival.Core.Cox;

namespace Survival.Core.Counting;

/// <summary>
/// Counts the events and censorings of one counting-table cell at each distinct time as subjects and count rows
/// arrive, in memory that grows with the number of distinct times rather than of subjects while times repeat.
/// </summary>
/// <remarks>
/// Registries record times in whole days, so a cell of millions of subjects has a few thousand distinct times:
/// those are counted in an open-addressing hash table keyed by the time's bits, one probe per subject and no sort
/// of the subjects. When times turn out to be nearly all distinct (continuous times), hashing saves nothing, and
/// the cell switches to collecting one packed 64-bit key per subject that a single primitive sort counts at the end.
/// </remarks>
internal sealed class TimeCountAccumulator
{
    private const ulong EmptySlot = ulong.MaxValue;
    // Small: a case series fills a few slots, and a registry cell grows past any start by doubling.
    private const int InitialCapacity = 16;

    /// <summary>Hashing stays worthwhile while a cell has fewer distinct times than this or than an eighth of its subjects.</summary>
    private const int AlwaysHashedDistinctTimes = 1 << 14;

    private ulong[] _slots = NewSlots(InitialCapacity);
    private long[] _events = new long[InitialCapacity];
    private long[] _censored = new long[InitialCapacity];
    private long[] _entered = new long[InitialCapacity];
    private int _distinct;
    private long _added;

    /// <summary>Per slot: Σw of events, of censorings, of entries, Σw² of events, of censorings; null until a weight arrives.</summary>
    private double[][]? _weights;

    /// <summary>The weight of each key and entry collected after hashing was given up; null while unweighted.</summary>
    private double[]? _keyWeights, _entryWeights;

    /// <summary>Packed (time bits &lt;&lt; 1 | event) keys of subjects that arrived after hashing was given up.</summary>
    private ulong[]? _keys;
    private int _keyCount;

    /// <summary>The entry-time bits of late entrants that arrived after hashing was given up.</summary>
    private ulong[]? _entries;
    private int _entryCount;

    public long Subjects { get; private set; }

    /// <summary>Whether any subject came with a case weight.</summary>
    public bool Weighted => _weights is not null;

    /// <summary>Adds one subject with a checked time and, when <paramref name="weight"/> is given, a checked case weight.</summary>
    public void AddSubject(double time, bool isEvent, double? weight = null)
    {
        Subjects++;
        if (weight is not null) StartWeighting();
        var w = weight ?? 1;
        var bits = TimeBits(time);
        if (_keys is not null)
        {
            if (_keyCount == _keys.Length)
            {
                Array.Resize(ref _keys, _keys.Length * 2);
                if (_keyWeights is not null) Array.Resize(ref _keyWeights, _keys.Length);
            }
            if (_keyWeights is not null) _keyWeights[_keyCount] = w;
            _keys[_keyCount++] = (bits << 1) | (isEvent ? 1UL : 0UL);
            return;
        }
        var slot = Slot(bits);
        if (isEvent) _events[slot]++;
        else _censored[slot]++;
        if (_weights is null) return;
        _weights[isEvent ? 0 : 1][slot] += w;
        _weights[isEvent ? 3 : 4][slot] += w * w;
    }

    /// <summary>Adds the delayed entry of a subject at a checked time (before its own time), with its case weight if any.</summary>
    public void AddEntry(double time, double? weight = null)
    {
        if (weight is not null) StartWeighting();
        var bits = TimeBits(time);
        if (_keys is not null)
        {
            _entries ??= new ulong[1024];
            if (_weights is not null) _entryWeights ??= Ones(_entries.Length, _entryCount);
            if (_entryCount == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
                if (_entryWeights is not null) Array.Resize(ref _entryWeights, _entries.Length);
            }
            if (_entryWeights is not null) _entryWeights[_entryCount] = weight ?? 1;
            _entries[_entryCount++] = bits;
            return;
        }
        // Slot may grow the arrays, so it is called before any of them is read.
        var slot = Slot(bits);
        _entered[slot]++;
        if (_weights is not null) _weights[2][slot] += weight ?? 1;
    }

    /// <summary>Once the first weight arrives, the subjects counted so far enter the weighted sums with weight 1.</summary>
    /// <summary>
    /// Keeps weight sums from now on, every subject so far of weight 1: a cell whose subjects gave no weight pools
    /// with weighted cells only when it has weight columns too.
    /// </summary>
    public void StartWeighting()
    {
        if (_weights is not null) return;
        _weights = [[.. _events.Select(e => (double)e)], [.. _censored.Select(c => (double)c)], [.. _entered.Select(e => (double)e)],
            [.. _events.Select(e => (double)e)], [.. _censored.Select(c => (double)c)]];
        if (_keys is not null) _keyWeights = Ones(_keys.Length, _keyCount);
        if (_entries is not null) _entryWeights = Ones(_entries.Length, _entryCount);
    }

    private static double[] Ones(int length, int count)
    {
        var ones = new double[length];
        Array.Fill(ones, 1.0, 0, count);
        return ones;
    }

    /// <summary>Adds a count row: <paramref name="events"/> events and <paramref name="censored"/> censorings at a checked time.</summary>
    public void AddCounts(double time, long events, long censored, long entered)
    {
        if (events == 0 && censored == 0 && entered == 0) return;
        Subjects += events + censored;
        var slot = SlotEvenWhenSorting(TimeBits(time));
        _events[slot] += events;
        _censored[slot] += censored;
        _entered[slot] += entered;
        if (_weights is null) return;
        // A count row stands for subjects of weight 1.
        _weights[0][slot] += events;
        _weights[1][slot] += censored;
        _weights[2][slot] += entered;
        _weights[3][slot] += events;
        _weights[4][slot] += censored;
    }

    /// <summary>The cell's table; the accumulator is spent.</summary>
    /// <exception cref="InputRuleException">More subjects than the engine counts (2³¹ − 1).</exception>
    /// <param name="robust">Whether some weight of the cohort is not whole (see <see cref="CaseWeightCounts.Robust"/>).</param>
    public EventTable Build(bool robust)
    {
        var rows = new List<Row>(_distinct + 16);
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] != EmptySlot) rows.Add(new Row(_slots[slot], _events[slot], _censored[slot], _entered[slot], SlotWeights(slot)));
        }
        if (_keys is not null) AddSortedKeys(rows);
        if (_entries is not null) AddSortedEntries(rows);
        // Sorting the primitive keys with the rows' positions alongside avoids a comparison delegate per comparison.
        var order = new ulong[rows.Count];
        var positions = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++) (order[i], positions[i]) = (rows[i].Bits, i);
        Array.Sort(order, positions);

        var distinct = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (i == 0 || order[i] != order[i - 1]) distinct++;
        }
        var times = new double[distinct];
        var events = new int[distinct];
        var censored = new int[distinct];
        var entered = new int[distinct];
        var weights = _weights is null ? null : CaseWeightCounts.Zero(distinct, robust);
        long total = 0;
        var at = -1;
        for (var i = 0; i < order.Length; i++)
        {
            var row = rows[positions[i]];
            total += row.Events + row.Censored;
            if (total > int.MaxValue) throw new InputRuleException("counts", $"may add up to at most {int.MaxValue} subjects");
            if (i == 0 || order[i] != order[i - 1]) times[++at] = BitConverter.UInt64BitsToDouble(order[i]);
            events[at] += (int)row.Events;
            censored[at] += (int)row.Censored;
            entered[at] += (int)row.Entered;
            weights?.AddRow(row.Weights!, 0, at);
        }
        // Take recomputes the weighted numbers at risk of the filled columns.
        var table = EventTable.FromCounts(times, events, censored, entered, weights?.Take(distinct));
        CheckEntries(table);
        return table;
    }

    /// <summary>Adding +0.0 turns −0.0 into +0.0, so both share one key; the bits of non-negative doubles order as their values.</summary>
    private static ulong TimeBits(double time) => BitConverter.DoubleToUInt64Bits(time + 0.0);

    /// <summary>Everyone who enters at or after a time must leave after it, so that nobody is at risk a negative number of times.</summary>
    private static void CheckEntries(EventTable table)
    {
        for (var row = 0; row < table.Count; row++)
        {
            if (table.AtRisk[row] < table.Events[row] + table.Censored[row])
                throw new InputRuleException("entered", InputRules.EntriesRequirement);
        }
    }

    private readonly record struct Row(ulong Bits, long Events, long Censored, long Entered, CaseWeightCounts? Weights = null);

    /// <summary>One slot's weighted sums as a one-row column set; null while unweighted.</summary>
    private CaseWeightCounts? SlotWeights(int slot) => _weights is null
        ? null
        : new([_weights[0][slot]], [_weights[1][slot]], [_weights[2][slot]], [_weights[3][slot]], [_weights[4][slot]], false);


    private void AddSortedEntries(List<Row> rows)
    {
        var entries = _entries.AsSpan(0, _entryCount);
        if (_entryWeights is null) entries.Sort();
        else entries.Sort(_entryWeights.AsSpan(0, _entryCount));
        var i = 0;
        while (i < entries.Length)
        {
            var bits = entries[i];
            var start = i;
            var weights = _entryWeights is null ? null : CaseWeightCounts.Zero(1, false);
            for (; i < entries.Length && entries[i] == bits; i++)
            {
                if (weights is not null) weights.Entered[0] += _entryWeights![i];
            }
            rows.Add(new Row(bits, 0, 0, i - start, weights));
        }
        _entries = null;
    }

    private void AddSortedKeys(List<Row> rows)
    {
        var keys = _keys.AsSpan(0, _keyCount);
        if (_keyWeights is null) keys.Sort();
        else keys.Sort(_keyWeights.AsSpan(0, _keyCount));
        var i = 0;
        while (i < keys.Length)
        {
            var bits = keys[i] >> 1;
            long events = 0, censored = 0;
            var weights = _keyWeights is null ? null : CaseWeightCounts.Zero(1, false);
            for (; i < keys.Length && keys[i] >> 1 == bits; i++)
            {
                var isEvent = (keys[i] & 1) == 1;
                if (isEvent) events++;
                else censored++;
                if (weights is null) continue;
                var w = _keyWeights![i];
                (isEvent ? weights.Events : weights.Censored)[0] += w;
                (isEvent ? weights.EventSquares : weights.CensoredSquares)[0] += w * w;
            }
            rows.Add(new Row(bits, events, censored, 0, weights));
        }
        _keys = null;
    }

    /// <summary>The slot of a subject's time; gives up hashing for later subjects when times hardly repeat.</summary>
    private int Slot(ulong bits)
    {
        _added++;
        var slot = Find(bits);
        if (_slots[slot] != EmptySlot) return slot;
        if (2 * (_distinct + 1) > _slots.Length && _distinct >= AlwaysHashedDistinctTimes && _distinct > _added / 8)
        {
            _keys = new ulong[Math.Max(1024, _distinct)];
            if (_weights is not null) _keyWeights = new double[_keys.Length];
        }
        return Insert(bits, slot);
    }

    /// <summary>The hash slot of a time in either mode: count rows are few, so they are always hashed.</summary>
    private int SlotEvenWhenSorting(ulong bits)
    {
        var slot = Find(bits);
        return _slots[slot] != EmptySlot ? slot : Insert(bits, slot);
    }

    private int Insert(ulong bits, int slot)
    {
        if (2 * (_distinct + 1) > _slots.Length)
        {
            Grow();
            slot = Find(bits);
        }
        _slots[slot] = bits;
        _distinct++;
        return slot;
    }

    private int Find(ulong bits)
    {
        var mask = _slots.Length - 1;
        var slot = (int)((bits * 0x9E3779B97F4A7C15UL) >> (64 - BitOperations.Log2((uint)_slots.Length))) & mask;
        while (_slots[slot] != EmptySlot && _slots[slot] != bits) slot = (slot + 1) & mask;
        return slot;
    }

    private void Grow()
    {
        var (slots, events, censored, entered, weights) = (_slots, _events, _censored, _entered, _weights);
        _slots = NewSlots(slots.Length * 2);
        _events = new long[_slots.Length];
        _censored = new long[_slots.Length];
        _entered = new long[_slots.Length];
        _weights = weights?.Select(_ => new double[_slots.Length]).ToArray();
        for (var old = 0; old < slots.Length; old++)
        {
            if (slots[old] == EmptySlot) continue;
            var slot = Find(slots[old]);
            _slots[slot] = slots[old];
            _events[slot] = events[old];
            _censored[slot] = censored[old];
            _entered[slot] = entered[old];
            for (var column = 0; column < (_weights?.Length ?? 0); column++) _weights![column][slot] = weights![column][old];
        }
    }

    private static ulong[] NewSlots(int capacity)
    {
        var slots = new ulong[capacity];
        Array.Fill(slots, EmptySlot);
        return slots;
    }
}
