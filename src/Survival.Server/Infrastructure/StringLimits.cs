using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Survival.Server.Operations;
using Survival.Service.Validation;

namespace Survival.Server.Infrastructure;

/// <summary>
/// The longest text each string field of a request may hold, in characters (UTF-16 code units, as .NET counts a
/// string's length): one rule table, applied to every request of the service — to a gRPC message on its bytes before
/// it is parsed (<see cref="CheckEncoded"/>, by the admission middleware), to an HTTP/JSON request once the transcoder
/// has parsed it (<see cref="Check"/>, by <see cref="StringLimitInterceptor"/>). Fields are found by walking the
/// request's message descriptors, so a field or an RPC added later is covered by <see cref="DefaultMaxLength"/> without
/// a line here; the table names only fields whose text is shorter by nature. A request with a longer string is
/// INVALID_ARGUMENT, its BadRequest naming each field path and the limit.
/// </summary>
public static class StringLimits
{
    /// <summary>Any label, name, title, unit or identifier: the plot's own text limit, and far beyond any real one.</summary>
    public const int DefaultMaxLength = 1000;

    /// <summary>Fields with a shorter limit, by full name (<c>package.Message.field</c>).</summary>
    private static readonly Dictionary<string, int> ByField = new(StringComparer.Ordinal)
    {
        // ISO 8601 dates (YYYY-MM-DD), with room for a time and zone a caller might add.
        ["survival.v1.Subject.start_date"] = 64,
        ["survival.v1.Subject.end_date"] = 64,
        // A colour name or #RRGGBB(AA).
        ["survival.v1.PlotOptions.colors"] = 64,
    };

    private static readonly ConcurrentDictionary<MessageDescriptor, Step[]> Plans = new();

    /// <summary>The limit of <paramref name="field"/>, a string field.</summary>
    public static int MaxLength(FieldDescriptor field) => ByField.GetValueOrDefault(field.FullName, DefaultMaxLength);

    /// <summary>Records a violation for every string of <paramref name="message"/> (at any depth) longer than its limit.</summary>
    public static void Check(IMessage message, FieldViolations violations) => Walk(message, new Path(), violations);

    /// <summary>
    /// Records a violation for every string of the encoded <paramref name="message"/> of type <paramref name="descriptor"/>
    /// longer than its limit, and returns the bytes of text it holds (which the parsed message keeps again, as UTF-16).
    /// Bytes that are not a valid message end the walk: the parser refuses them.
    /// </summary>
    public static long CheckEncoded(MessageDescriptor descriptor, ReadOnlySequence<byte> message, FieldViolations violations)
    {
        var reader = new WireReader(message);
        long text = 0;
        try
        {
            WalkEncoded(ref reader, message.Length, descriptor, new Path(), violations, ref text);
        }
        catch (MalformedWireException)
        {
        }
        return text;
    }

    private static void WalkEncoded(ref WireReader reader, long end, MessageDescriptor descriptor, Path path, FieldViolations violations, ref long text)
    {
        var steps = EncodedPlanOf(descriptor);
        Span<int> occurrences = stackalloc int[descriptor.Fields.InDeclarationOrder().Count];
        while (reader.Position < end)
        {
            var (number, type) = reader.ReadTag();
            // Packed scalars and fields of another wire type are not text; the parser keeps unknown fields as bytes.
            if (type != WireFormat.WireType.LengthDelimited || !steps.TryGetValue(number, out var field))
            {
                reader.Skip(number, type);
                continue;
            }
            var occurrence = occurrences[field.Index]++;
            if (field.FieldType == FieldType.String)
            {
                var bytes = reader.ReadBytes(reader.ReadLength());
                text += bytes.Length;
                var limit = MaxLength(field);
                // A UTF-16 code unit takes at least one UTF-8 byte: only a string of more bytes than the limit can be too long.
                if (bytes.Length > limit && Utf16Length(bytes) is var length && length > limit && !violations.IsFull)
                {
                    path.Push(field.Name);
                    if (field.IsRepeated) path.Index(occurrence);
                    violations.Add(path.ToString(), $"must be at most {limit} characters long, not {length}");
                    path.Pop();
                }
                continue;
            }
            var inner = reader.EnterMessage();
            path.Push(field.Name);
            if (field.IsRepeated && !field.IsMap) path.Index(occurrence);
            WalkEncoded(ref reader, inner, field.MessageType, path, violations, ref text);
            path.Pop();
            reader.Leave(inner);
        }
    }

    /// <summary>The UTF-16 length of UTF-8 text: one unit per leading byte, two for a four-byte sequence.</summary>
    private static long Utf16Length(ReadOnlySequence<byte> utf8)
    {
        long units = 0;
        foreach (var segment in utf8)
            foreach (var b in segment.Span)
                units += (b & 0xC0) != 0x80 ? (b >= 0xF0 ? 2 : 1) : 0;
        return units;
    }

    private static readonly ConcurrentDictionary<MessageDescriptor, Dictionary<int, FieldDescriptor>> EncodedPlans = new();

    /// <summary>The fields to visit on the wire, by number: strings, and messages (map entries too) that hold text.</summary>
    private static Dictionary<int, FieldDescriptor> EncodedPlanOf(MessageDescriptor descriptor) =>
        EncodedPlans.GetOrAdd(descriptor, d =>
        {
            var fields = new Dictionary<int, FieldDescriptor>();
            foreach (var field in d.Fields.InFieldNumberOrder())
            {
                if (field.FieldType == FieldType.String || (field.FieldType == FieldType.Message && PlanOf(field.MessageType).Length > 0))
                    fields[field.FieldNumber] = field;
            }
            return fields;
        });

    private static void Walk(IMessage message, Path path, FieldViolations violations)
    {
        foreach (var step in PlanOf(message.Descriptor))
        {
            if (violations.IsFull) return;
            var value = step.Field.Accessor.GetValue(message);
            if (value is null) continue;
            path.Push(step.Field.Name);
            if (step.Field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    path.Index(entry.Key.ToString()!);
                    if (step.Key is not null) CheckText(entry.Key, step.Key, path, violations);
                    Visit(entry.Value, step, path, violations);
                }
            }
            else if (step.Field.IsRepeated)
            {
                var items = (IList)value;
                for (var i = 0; i < items.Count && !violations.IsFull; i++)
                {
                    path.Index(i);
                    Visit(items[i], step, path, violations);
                }
            }
            else
            {
                Visit(value, step, path, violations);
            }
            path.Pop();
        }
    }

    private static void Visit(object? value, Step step, Path path, FieldViolations violations)
    {
        if (step.Text is not null) CheckText(value, step.Text, path, violations);
        else if (value is IMessage nested) Walk(nested, path, violations);
    }

    private static void CheckText(object? value, FieldDescriptor field, Path path, FieldViolations violations)
    {
        var limit = MaxLength(field);
        if (value is string text && text.Length > limit) violations.Add(path.ToString(), $"must be at most {limit} characters long, not {text.Length}");
    }

    /// <summary>The fields of <paramref name="descriptor"/> that hold text at some depth, found once per message type.</summary>
    private static Step[] PlanOf(MessageDescriptor descriptor) => Plans.GetOrAdd(descriptor, d => Plan(d, []));

    private static Step[] Plan(MessageDescriptor descriptor, HashSet<MessageDescriptor> visiting)
    {
        if (Plans.TryGetValue(descriptor, out var known)) return known;
        visiting.Add(descriptor);
        var steps = new List<Step>();
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                var (key, value) = (field.MessageType.FindFieldByNumber(1), field.MessageType.FindFieldByNumber(2));
                var keyText = key.FieldType == FieldType.String ? key : null;
                var valueText = value.FieldType == FieldType.String ? value : null;
                if (keyText is not null || valueText is not null || (value.FieldType == FieldType.Message && HoldsText(value.MessageType, visiting)))
                    steps.Add(new Step(field, valueText, keyText));
            }
            else if (field.FieldType == FieldType.String) steps.Add(new Step(field, field, null));
            else if (field.FieldType == FieldType.Message && HoldsText(field.MessageType, visiting)) steps.Add(new Step(field, null, null));
        }
        visiting.Remove(descriptor);
        return [.. steps];
    }

    /// <summary>A message that contains itself is taken to hold text on the way down, which costs at most a walk.</summary>
    private static bool HoldsText(MessageDescriptor descriptor, HashSet<MessageDescriptor> visiting) =>
        visiting.Contains(descriptor) || Plan(descriptor, visiting).Length > 0;

    /// <summary>A field to visit: its text limit's field when its values are strings (or a map's string values), and a map's string key.</summary>
    private sealed record Step(FieldDescriptor Field, FieldDescriptor? Text, FieldDescriptor? Key);

    /// <summary>The field path being walked (<c>cohort.subjects[3].group</c>), written out only for a violation.</summary>
    private sealed class Path
    {
        private readonly List<(string Name, string? Index)> _parts = [];

        public void Push(string name) => _parts.Add((name, null));

        public void Index(int index) => _parts[^1] = (_parts[^1].Name, index.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public void Index(string key) => _parts[^1] = (_parts[^1].Name, $"\"{(key.Length > 40 ? key[..40] + "…" : key)}\"");

        public void Pop() => _parts.RemoveAt(_parts.Count - 1);

        public override string ToString() => string.Join(".", _parts.Select(p => p.Index is null ? p.Name : $"{p.Name}[{p.Index}]"));
    }
}
