using System.Buffers;

namespace Survival.Server.Operations;

/// <summary>
/// Bytes written as they come into chunks that double from 4 KiB to 1 MiB, read back as one sequence: a JSON body or
/// an inflated message of any size without one large array, its doubling copies, or a pool that keeps them afterwards.
/// </summary>
internal sealed class ByteChunks
{
    private const int FirstChunk = 4 * 1024;
    private const int LargestChunk = 1 << 20;

    private readonly List<(byte[] Array, int Filled)> _chunks = [];

    public long Length { get; private set; }

    /// <summary>Room to write into; <see cref="Advance"/> says how much was written.</summary>
    public Memory<byte> GetMemory()
    {
        if (_chunks.Count == 0 || _chunks[^1].Filled == _chunks[^1].Array.Length)
        {
            var size = _chunks.Count == 0 ? FirstChunk : Math.Min(LargestChunk, _chunks[^1].Array.Length * 2);
            _chunks.Add((GC.AllocateUninitializedArray<byte>(size), 0));
        }
        var (array, filled) = _chunks[^1];
        return array.AsMemory(filled);
    }

    public void Advance(int count)
    {
        var (array, filled) = _chunks[^1];
        _chunks[^1] = (array, filled + count);
        Length += count;
    }

    public void Write(in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            var rest = segment.Span;
            while (!rest.IsEmpty)
            {
                var room = GetMemory().Span;
                var count = Math.Min(room.Length, rest.Length);
                rest[..count].CopyTo(room);
                Advance(count);
                rest = rest[count..];
            }
        }
    }

    /// <summary>The bytes written, after <paramref name="prefix"/>, as one sequence over the chunks themselves.</summary>
    public ReadOnlySequence<byte> ToSequence(ReadOnlyMemory<byte> prefix = default)
    {
        Segment? first = null, last = null;
        if (!prefix.IsEmpty) first = last = new Segment(prefix, 0);
        foreach (var (array, filled) in _chunks)
        {
            if (filled == 0) continue;
            var segment = new Segment(array.AsMemory(0, filled), last is null ? 0 : last.RunningIndex + last.Memory.Length);
            if (last is null) first = segment;
            else last.Next = segment;
            last = segment;
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex) => (Memory, RunningIndex) = (memory, runningIndex);

        public new ReadOnlySequenceSegment<byte>? Next
        {
            get => base.Next;
            set => base.Next = value;
        }
    }
}
