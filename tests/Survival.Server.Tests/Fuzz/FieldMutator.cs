using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Survival.Server.Tests.Fuzz;

/// <summary>
/// Mutations of a request at the field level, through the message descriptors so every field of every RPC is
/// reached without naming it: NaN, ±∞, negative and extreme numbers, empty and huge strings, out-of-range enums
/// and indices, absent sub-messages, and repeated fields emptied, shortened (columns of unequal length) or grown to
/// thousands of entries.
/// </summary>
public static class FieldMutator
{
    /// <summary>How far a repeated field grows: enough to pass any small limit, few enough for a fast test.</summary>
    private const int Grown = 3000;

    private static readonly double[] Doubles =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, -0.0, 0, double.Epsilon, 1e-300, 0.5, 1, 1.0000001,
        7, 1e9, 1e300, double.MaxValue, -double.MaxValue,
    ];

    private static readonly long[] Integers =
    [
        0, 1, 2, 7, -1, 199, 200, 8000, 8001, int.MaxValue, int.MinValue, (long)int.MaxValue + 1, uint.MaxValue, long.MaxValue, long.MinValue,
    ];

    private static readonly string[] Strings =
    [
        "", " ", "\t", "a", "b", "x", "group", "age", "site", "\0", "é🙂", "\ud800", "#GGGGGG", "#e69f00", "2020-02-30", "0001-01-01",
        "9999-12-31", "2020-1-5", "months", "years", "fortnights", "-1", "NaN",
    ];

    public static string Mutate(IMessage request, Random random)
    {
        var targets = new List<(IMessage Message, FieldDescriptor Field)>();
        Collect(request, targets);
        var (message, field) = targets[random.Next(targets.Count)];
        return $"{field.FullName}: " + (field.IsMap ? MutateMap(message, field, random)
            : field.IsRepeated ? MutateRepeated(message, field, random)
            : MutateSingle(message, field, random));
    }

    /// <summary>Every field of the message and of the messages it holds, set or not.</summary>
    private static void Collect(IMessage message, List<(IMessage, FieldDescriptor)> targets)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            targets.Add((message, field));
            if (field.IsMap || field.FieldType != FieldType.Message) continue;
            if (field.IsRepeated)
            {
                foreach (IMessage element in (IList)field.Accessor.GetValue(message)) Collect(element, targets);
            }
            else if (field.Accessor.GetValue(message) is IMessage child)
            {
                Collect(child, targets);
            }
        }
    }

    private static string MutateSingle(IMessage message, FieldDescriptor field, Random random)
    {
        if (field.FieldType == FieldType.Message)
        {
            var absent = random.Next(2) == 0;
            field.Accessor.SetValue(message, absent ? null : Empty(field));
            return absent ? "absent" : "empty";
        }
        if (field.HasPresence && random.Next(4) == 0)
        {
            field.Accessor.Clear(message);
            return "cleared";
        }
        var value = Value(field, random);
        field.Accessor.SetValue(message, value);
        return Describe(value);
    }

    private static string MutateRepeated(IMessage message, FieldDescriptor field, Random random)
    {
        var list = (IList)field.Accessor.GetValue(message);
        switch (random.Next(6))
        {
            case 0:
                list.Clear();
                return "emptied";
            case 1 when list.Count > 0:
                list.RemoveAt(random.Next(list.Count));
                return "one entry removed";
            case 2 when list.Count > 0:
                var copies = random.Next(2) == 0 ? 1 : Grown;
                var entry = list[random.Next(list.Count)];
                // Copies, not the same object: a later mutation inside one entry must not repeat in all of them.
                for (var i = 0; i < copies; i++) list.Add(entry is IMessage m ? m.Descriptor.Parser.ParseFrom(m.ToByteString()) : entry);
                return $"an entry added {copies} times";
            case 3 when list.Count > 0 && field.FieldType != FieldType.Message:
                var at = random.Next(list.Count);
                var value = Value(field, random);
                list[at] = value;
                return $"[{at}] = {Describe(value)}";
            case 4:
                var added = field.FieldType == FieldType.Message ? Empty(field) : Value(field, random);
                list.Add(added);
                return $"{Describe(added)} appended";
            default:
                var grown = random.Next(2) == 0 ? 2 : Grown;
                for (var i = 0; i < grown; i++) list.Add(field.FieldType == FieldType.Message ? Empty(field) : Value(field, random));
                return $"{grown} random entries appended";
        }
    }

    private static string MutateMap(IMessage message, FieldDescriptor field, Random random)
    {
        var map = (IDictionary)field.Accessor.GetValue(message);
        var valueField = field.MessageType.FindFieldByNumber(2);
        if (random.Next(4) == 0)
        {
            map.Clear();
            return "emptied";
        }
        var keys = map.Keys.Cast<object>().ToList();
        var key = keys.Count > 0 && random.Next(2) == 0 ? keys[random.Next(keys.Count)] : Strings[random.Next(Strings.Length)];
        var value = Value(valueField, random);
        map[key] = value;
        return $"[{Describe(key)}] = {Describe(value)}";
    }

    private static IMessage Empty(FieldDescriptor field) => field.MessageType.Parser.ParseFrom(ByteString.Empty);

    private static object Value(FieldDescriptor field, Random random) => field.FieldType switch
    {
        FieldType.Double => random.Next(4) == 0 ? random.NextDouble() * 60 : Doubles[random.Next(Doubles.Length)],
        FieldType.Float => (float)Doubles[random.Next(Doubles.Length)],
        FieldType.Bool => random.Next(2) == 0,
        FieldType.String => random.Next(8) == 0 ? new string('g', random.Next(2) == 0 ? 100_000 : 300) : Strings[random.Next(Strings.Length)],
        FieldType.Enum => random.Next(3) == 0
            ? (int)Integers[random.Next(Integers.Length)]
            : random.Next(field.EnumType.Values.Count + 1),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)Integer(random),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)Integer(random),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)Integer(random),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Integer(random),
        FieldType.Bytes => ByteString.CopyFrom(new byte[random.Next(64)]),
        _ => throw new InvalidOperationException($"no mutation for {field.FieldType}"),
    };

    private static long Integer(Random random) => random.Next(4) == 0 ? random.Next(-10, 10) : Integers[random.Next(Integers.Length)];

    private static string Describe(object value) => value switch
    {
        string { Length: > 20 } s => $"a string of {s.Length} characters",
        string s => $"\"{s}\"",
        IMessage => "an empty message",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };
}
