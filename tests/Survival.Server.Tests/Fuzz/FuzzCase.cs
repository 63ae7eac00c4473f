using Google.Protobuf;

namespace Survival.Server.Tests.Fuzz;

/// <summary>
/// One mutated request, drawn from its own seeded generator so that any case can be replayed by its number alone,
/// whatever ran before it or beside it.
/// </summary>
public sealed record FuzzCase(int Number, IReadOnlyList<byte[]> Messages, string Description)
{
    /// <summary>The fixed seed of every run; a failure names the case number to replay.</summary>
    public const int Seed = 20261202;

    // Not HashCode.Combine: it is seeded per process, and a case must be the same in every run.
    private static Random RandomFor(string rpc, int number) => new(unchecked((Seed ^ StableHash(rpc)) * 1_000_003 + number));

    /// <summary>A request made from a seed request by field mutations, byte mutations, or both.</summary>
    public static FuzzCase Unary(string rpc, IReadOnlyList<IMessage> seeds, int number)
    {
        var random = RandomFor(rpc, number);
        var (bytes, description) = MutateOne(seeds[random.Next(seeds.Count)], random);
        return new(number, [bytes], description);
    }

    /// <summary>A client stream made from a seed stream: one message mutated, and sometimes one dropped or repeated.</summary>
    public static FuzzCase Stream(string rpc, IReadOnlyList<IReadOnlyList<IMessage>> seeds, int number)
    {
        var random = RandomFor(rpc, number);
        var seed = seeds[random.Next(seeds.Count)];
        var messages = seed.Select(m => m.ToByteArray()).ToList();
        var target = random.Next(messages.Count);
        var (bytes, description) = MutateOne(seed[target], random);
        messages[target] = bytes;
        description = $"message {target}: {description}";
        switch (random.Next(4))
        {
            case 0:
                var dropped = random.Next(messages.Count);
                messages.RemoveAt(dropped);
                description += $"; message {dropped} dropped";
                break;
            case 1:
                var repeated = random.Next(messages.Count);
                messages.Insert(repeated, messages[repeated]);
                description += $"; message {repeated} sent twice";
                break;
        }
        return new(number, messages, description);
    }

    /// <summary>How to replay the case by hand: its number, what was done, and the bytes (in base64, cut when long).</summary>
    public override string ToString()
    {
        var base64 = string.Join(" | ", Messages.Select(m => Convert.ToBase64String(m)));
        return $"case {Number}: {Description} [{(base64.Length > 400 ? base64[..400] + "…" : base64)}]";
    }

    private static bool Encodable(IMessage message)
    {
        try
        {
            var size = message.CalculateSize();
            return size is >= 0 and <= MaxEncodedBytes;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private const int MaxEncodedBytes = 64 << 20;

    private static (byte[] Bytes, string Description) MutateOne(IMessage seed, Random random)
    {
        var message = seed.Descriptor.Parser.ParseFrom(seed.ToByteString());
        var descriptions = new List<string>();
        var kind = random.Next(5);
        if (kind <= 2)
        {
            var mutations = random.Next(1, 4);
            for (var i = 0; i < mutations; i++)
            {
                // Growing a list of messages whose own lists were grown multiplies; past what a client can encode
                // (2 GiB) the case would test the client library, so such a mutation is undone.
                var before = message.Descriptor.Parser.ParseFrom(message.ToByteString());
                var description = FieldMutator.Mutate(message, random);
                if (!Encodable(message)) (message, description) = (before, description + " (undone: too large to encode)");
                descriptions.Add(description);
            }
        }
        var bytes = message.ToByteArray();
        if (kind >= 2)
        {
            var mutations = random.Next(1, 3);
            for (var i = 0; i < mutations; i++)
            {
                (bytes, var description) = ByteMutator.Mutate(bytes, random);
                descriptions.Add(description);
            }
        }
        return (bytes, string.Join("; ", descriptions));
    }

    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked(hash * 31 + c));
}
