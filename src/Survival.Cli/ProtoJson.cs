using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Survival.Cli;

/// <summary>
/// A message as the server's HTTP/JSON API writes it: lowerCamelCase names, fields at their default values included,
/// and 64-bit integers as JSON numbers (proto3's canonical JSON writes them as strings; ASP.NET Core's JSON
/// transcoding, the HTTP API, writes numbers, and a count of subjects never needs more than a double's 53 bits).
/// </summary>
internal static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(IMessage message)
    {
        var json = JsonNode.Parse(Formatter.Format(message))!;
        Int64sAsNumbers(json, message.Descriptor);
        return json.ToJsonString(Indented);
    }

    private static void Int64sAsNumbers(JsonNode? node, MessageDescriptor descriptor)
    {
        if (node is not JsonObject json || descriptor.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal)) return;
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (json[field.JsonName] is not { } value) continue;
            IEnumerable<JsonNode?> items = field.IsMap ? value.AsObject().Select(p => p.Value) : field.IsRepeated ? value.AsArray() : new[] { value };
            var target = field.IsMap ? field.MessageType.FindFieldByNumber(2) : field;
            foreach (var item in items.ToList())
            {
                if (target.FieldType == FieldType.Message) Int64sAsNumbers(item, target.MessageType);
                else if (Is64Bit(target.FieldType) && item is JsonValue text && text.TryGetValue(out string? digits)) item.ReplaceWith(JsonValue.Create(decimal.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }

    private static bool Is64Bit(FieldType type) =>
        type is FieldType.Int64 or FieldType.UInt64 or FieldType.SInt64 or FieldType.Fixed64 or FieldType.SFixed64;
}
