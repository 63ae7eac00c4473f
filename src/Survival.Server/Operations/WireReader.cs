using System.Buffers;
using Google.Protobuf;

namespace Survival.Server.Operations;

/// <summary>
/// Reads protobuf's wire format (tags, varints, lengths; https://protobuf.dev/programming-guides/encoding/) straight
/// from the buffered request, without copying it and without allocating. Google.Protobuf's own readers cannot do
/// this: <see cref="CodedInputStream"/> needs one contiguous array or a stream, and <see cref="ParseContext"/> can
/// only be entered through a message and cannot skip a field without materialising it.
/// </summary>
internal ref struct WireReader(ReadOnlySequence<byte> message)
{
    /// <summary>Google.Protobuf's own limit on nested groups and messages.</summary>
    private const int MaxDepth = 100;

    private SequenceReader<byte> _reader = new(message);

    public readonly long Position => _reader.Consumed;

    public readonly bool End => _reader.End;

    public (int Field, WireFormat.WireType Type) ReadTag()
    {
        var tag = (uint)ReadVarint();
        var field = WireFormat.GetTagFieldNumber(tag);
        if (field == 0) throw new MalformedWireException();
        return (field, WireFormat.GetTagWireType(tag));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!_reader.TryRead(out var b)) throw new MalformedWireException();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new MalformedWireException();
    }

    /// <summary>A length-delimited field's length, checked against what is left of the message.</summary>
    public long ReadLength()
    {
        var length = ReadVarint();
        if (length > (ulong)_reader.Remaining) throw new MalformedWireException();
        return (long)length;
    }

    /// <summary>The end position of the embedded message whose length comes next.</summary>
    public long EnterMessage() => ReadLength() + Position;

    public ReadOnlySequence<byte> ReadBytes(long length)
    {
        var bytes = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
        return bytes;
    }

    /// <summary>Passes over a field this scan does not need, as the parser would keep it among unknown fields.</summary>
    public void Skip(int field, WireFormat.WireType type, int depth = 0)
    {
        switch (type)
        {
            case WireFormat.WireType.Varint: ReadVarint(); break;
            case WireFormat.WireType.Fixed64: Advance(8); break;
            case WireFormat.WireType.Fixed32: Advance(4); break;
            case WireFormat.WireType.LengthDelimited: _reader.Advance(ReadLength()); break;
            case WireFormat.WireType.StartGroup:
                if (depth >= MaxDepth) throw new MalformedWireException();
                while (ReadTag() is var (inner, innerType) && innerType != WireFormat.WireType.EndGroup) Skip(inner, innerType, depth + 1);
                break;
            default: throw new MalformedWireException();
        }
    }

    /// <summary>Checks that an embedded message ended exactly where its length said.</summary>
    public readonly void Leave(long end)
    {
        if (Position != end) throw new MalformedWireException();
    }

    private void Advance(long count)
    {
        if (_reader.Remaining < count) throw new MalformedWireException();
        _reader.Advance(count);
    }
}

/// <summary>Bytes that are not a valid message: the parser will refuse them; the scan keeps what it counted so far.</summary>
internal sealed class MalformedWireException : Exception;
