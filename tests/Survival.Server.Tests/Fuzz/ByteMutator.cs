namespace Survival.Server.Tests.Fuzz;

/// <summary>
/// Mutations of a serialized message at the byte level: bit flips, truncation, inserted and deleted bytes, and
/// whole top-level fields duplicated, swapped or appended as unknown fields — the damage a broken client or a
/// hostile one sends, which the server must read as INVALID_ARGUMENT or as a different valid message.
/// </summary>
public static class ByteMutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x0a, 0x12, 0x1a, 0x22];

    public static (byte[] Bytes, string Description) Mutate(byte[] message, Random random)
    {
        var bytes = new List<byte>(message);
        var fields = TopLevelFields(message);
        switch (random.Next(9))
        {
            case 0:
                var flips = random.Next(1, 5);
                for (var i = 0; i < flips && bytes.Count > 0; i++) bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                return (bytes.ToArray(), $"{flips} bit flips");
            case 1:
                var keep = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
                return (message[..keep], $"truncated to {keep} bytes");
            case 2:
                var insertAt = random.Next(bytes.Count + 1);
                var inserted = new byte[random.Next(1, 17)];
                random.NextBytes(inserted);
                bytes.InsertRange(insertAt, inserted);
                return (bytes.ToArray(), $"{inserted.Length} random bytes inserted at {insertAt}");
            case 3:
                if (bytes.Count == 0) goto case 2;
                var deleteAt = random.Next(bytes.Count);
                var deleted = Math.Min(bytes.Count - deleteAt, random.Next(1, 9));
                bytes.RemoveRange(deleteAt, deleted);
                return (bytes.ToArray(), $"{deleted} bytes deleted at {deleteAt}");
            case 4:
                if (bytes.Count == 0) goto case 2;
                var at = random.Next(bytes.Count);
                bytes[at] = Interesting[random.Next(Interesting.Length)];
                return (bytes.ToArray(), $"byte {at} set to 0x{bytes[at]:x2}");
            case 5:
                if (fields.Count == 0) goto case 2;
                var (start, end) = fields[random.Next(fields.Count)];
                var copies = random.Next(2) == 0 ? 1 : random.Next(2, 50);
                var field = message[start..end];
                for (var i = 0; i < copies; i++) bytes.AddRange(field);
                return (bytes.ToArray(), $"top-level field at {start} repeated {copies} more times");
            case 6:
                if (fields.Count < 2) goto case 5;
                var (a, b) = (fields[random.Next(fields.Count)], fields[random.Next(fields.Count)]);
                var swapped = fields.SelectMany(f => f == a ? message[b.Start..b.End] : f == b ? message[a.Start..a.End] : message[f.Start..f.End]);
                return ([.. swapped, .. message[fields[^1].End..]], "two top-level fields swapped");
            case 7:
                var unknown = UnknownField(random);
                bytes.InsertRange(fields.Count == 0 ? 0 : fields[random.Next(fields.Count)].Start, unknown);
                return (bytes.ToArray(), $"unknown field of {unknown.Length} bytes inserted");
            default:
                var chunk = new byte[random.Next(0, 64)];
                random.NextBytes(chunk);
                return (chunk, $"{chunk.Length} random bytes instead of the message");
        }
    }

    /// <summary>Where each top-level field starts and ends, as far as the bytes can be read as the protobuf wire format.</summary>
    private static List<(int Start, int End)> TopLevelFields(byte[] message)
    {
        var fields = new List<(int, int)>();
        var position = 0;
        while (position < message.Length)
        {
            var start = position;
            if (!TryVarint(message, ref position, out var tag)) break;
            var length = (tag & 7) switch
            {
                0 => TryVarint(message, ref position, out _) ? 0 : -1,
                1 => 8,
                2 => TryVarint(message, ref position, out var n) && n <= (ulong)(message.Length - position) ? (long)n : -1,
                5 => 4,
                _ => -1,
            };
            if (length < 0 || position + length > message.Length) break;
            position += (int)length;
            fields.Add((start, position));
        }
        return fields;
    }

    private static bool TryVarint(byte[] bytes, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < bytes.Length; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }

    /// <summary>A field with a number the schema does not have (or a reserved one), of a random wire type.</summary>
    private static byte[] UnknownField(Random random)
    {
        int[] numbers = [14, 99, 536870911, 19000, random.Next(1, 1 << 20)];
        var number = numbers[random.Next(numbers.Length)];
        var wireType = new[] { 0, 1, 2, 5 }[random.Next(4)];
        var bytes = new List<byte>(Varint(((ulong)number << 3) | (uint)wireType));
        switch (wireType)
        {
            case 0: bytes.AddRange(Varint((ulong)random.NextInt64())); break;
            case 1: bytes.AddRange(BitConverter.GetBytes(random.NextDouble())); break;
            case 5: bytes.AddRange(BitConverter.GetBytes(random.Next())); break;
            default:
                var payload = new byte[random.Next(0, 32)];
                random.NextBytes(payload);
                bytes.AddRange(Varint((ulong)payload.Length));
                bytes.AddRange(payload);
                break;
        }
        return bytes.ToArray();
    }

    private static IEnumerable<byte> Varint(ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            yield return value == 0 ? b : (byte)(b | 0x80);
        }
        while (value != 0);
    }
}
