using System.Numerics;

namespace Survival.Core;

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
    private const int InitialCapacity = 64;

    /// <summary>Hashing stays worthwhile while a cell has fewer distinct times than this or than an eighth of its subjects.</summary>
    private const int AlwaysHashedDistinctTimes = 1 << 14;

    private ulong[] _slots = NewSlots(InitialCapacity);
    private long[] _events = new long[InitialCapacity];
    private long[] _censored = new long[InitialCapacity];
    private long[] _entered = new long[InitialCapacity];
    private int _distinct;
    private long _added;

    /// <summary>Packed (time bits &lt;&lt; 1 | event) keys of subjects that arrived after hashing was given up.</summary>
    private ulong[]? _keys;
    private int _keyCount;

    /// <summary>The entry-time bits of late entrants that arrived after hashing was given up.</summary>
    private ulong[]? _entries;
    private int _entryCount;

    public long Subjects { get; private set; }

    /// <summary>Adds one subject with a checked time.</summary>
    public void AddSubject(double time, bool isEvent)
    {
        Subjects++;
        var bits = TimeBits(time);
        if (_keys is not null)
        {
            if (_keyCount == _keys.Length) Array.Resize(ref _keys, _keys.Length * 2);
            _keys[_keyCount++] = (bits << 1) | (isEvent ? 1UL : 0UL);
            return;
        }
        var slot = Slot(bits);
        if (isEvent) _events[slot]++;
        else _censored[slot]++;
    }

    /// <summary>Adds the delayed entry of a subject at a checked time (before its own time).</summary>
    public void AddEntry(double time)
    {
        var bits = TimeBits(time);
        if (_keys is not null)
        {
            _entries ??= new ulong[1024];
            if (_entryCount == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
            _entries[_entryCount++] = bits;
            return;
        }
        // Slot may grow the arrays, so it is called before any of them is read.
        var slot = Slot(bits);
        _entered[slot]++;
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
    }

    /// <summary>The cell's table; the accumulator is spent.</summary>
    /// <exception cref="InputRuleException">More subjects than the engine counts (2³¹ − 1).</exception>
    public EventTable Build()
    {
        var rows = new List<Row>(_distinct + 16);
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] != EmptySlot) rows.Add(new Row(_slots[slot], _events[slot], _censored[slot], _entered[slot]));
        }
        if (_keys is not null) AddSortedKeys(rows);
        if (_entries is not null) AddSortedEntries(rows);
        rows.Sort((a, b) => a.Bits.CompareTo(b.Bits));

        var times = new List<double>(rows.Count);
        var events = new List<int>(rows.Count);
        var censored = new List<int>(rows.Count);
        var entered = new List<int>(rows.Count);
        long total = 0;
        foreach (var row in rows)
        {
            total += row.Events + row.Censored;
            if (total > int.MaxValue) throw new InputRuleException("counts", $"may add up to at most {int.MaxValue} subjects");
            if (times.Count > 0 && BitConverter.DoubleToUInt64Bits(times[^1]) == row.Bits)
            {
                events[^1] += (int)row.Events;
                censored[^1] += (int)row.Censored;
                entered[^1] += (int)row.Entered;
                continue;
            }
            times.Add(BitConverter.UInt64BitsToDouble(row.Bits));
            events.Add((int)row.Events);
            censored.Add((int)row.Censored);
            entered.Add((int)row.Entered);
        }
        var table = EventTable.FromCounts([.. times], [.. events], [.. censored], [.. entered]);
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

    private readonly record struct Row(ulong Bits, long Events, long Censored, long Entered);

    private void AddSortedEntries(List<Row> rows)
    {
        var entries = _entries.AsSpan(0, _entryCount);
        entries.Sort();
        var i = 0;
        while (i < entries.Length)
        {
            var bits = entries[i];
            var start = i;
            while (i < entries.Length && entries[i] == bits) i++;
            rows.Add(new Row(bits, 0, 0, i - start));
        }
        _entries = null;
    }

    private void AddSortedKeys(List<Row> rows)
    {
        var keys = _keys.AsSpan(0, _keyCount);
        keys.Sort();
        var i = 0;
        while (i < keys.Length)
        {
            var bits = keys[i] >> 1;
            long events = 0, censored = 0;
            for (; i < keys.Length && keys[i] >> 1 == bits; i++)
            {
                if ((keys[i] & 1) == 1) events++;
                else censored++;
            }
            rows.Add(new Row(bits, events, censored, 0));
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
            _keys = new ulong[Math.Max(1024, _distinct)];
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
        var (slots, events, censored, entered) = (_slots, _events, _censored, _entered);
        _slots = NewSlots(slots.Length * 2);
        _events = new long[_slots.Length];
        _censored = new long[_slots.Length];
        _entered = new long[_slots.Length];
        for (var old = 0; old < slots.Length; old++)
        {
            if (slots[old] == EmptySlot) continue;
            var slot = Find(slots[old]);
            _slots[slot] = slots[old];
            _events[slot] = events[old];
            _censored[slot] = censored[old];
            _entered[slot] = entered[old];
        }
    }

    private static ulong[] NewSlots(int capacity)
    {
        var slots = new ulong[capacity];
        Array.Fill(slots, EmptySlot);
        return slots;
    }
}
