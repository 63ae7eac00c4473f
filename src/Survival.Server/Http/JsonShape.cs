using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace Survival.Server.Http;

/// <summary>
/// Finds the first value of a JSON body that cannot be its proto field's type — text where a number belongs, a
/// number where a list belongs, an enum name that does not exist — and names the field by its path, as the service
/// names fields (<c>cohort.subjects[0].time</c>). JSON transcoding refuses such a body without saying where.
/// </summary>
internal static class JsonShape
{
    /// <summary>The first mismatch under <paramref name="element"/>, read as <paramref name="type"/>; null when every value fits.</summary>
    public static (string Field, string Description)? FirstMismatch(JsonElement element, MessageDescriptor type) =>
        element.ValueKind == JsonValueKind.Object ? InMessage(element, type, "") : ("", $"the body must be a JSON object {{…}}, not {Describe(element)}");

    private static (string, string)? InMessage(JsonElement element, MessageDescriptor type, string path)
    {
        foreach (var property in element.EnumerateObject())
        {
            // Unknown names are ignored by JSON transcoding; only a value of the wrong type is a mismatch.
            var field = type.FindFieldByName(property.Name) ?? type.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == property.Name);
            if (field is null || property.Value.ValueKind == JsonValueKind.Null) continue;
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var mismatch = field.IsMap ? InMap(property.Value, field, fieldPath)
                : field.IsRepeated ? InList(property.Value, field, fieldPath)
                : InValue(property.Value, field, fieldPath);
            if (mismatch is not null) return mismatch;
        }
        return null;
    }

    private static (string, string)? InList(JsonElement element, FieldDescriptor field, string path)
    {
        if (element.ValueKind != JsonValueKind.Array) return (path, $"must be a list [...], not {Describe(element)}");
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (InValue(item, field, $"{path}[{index++}]") is { } mismatch) return mismatch;
        }
        return null;
    }

    private static (string, string)? InMap(JsonElement element, FieldDescriptor field, string path)
    {
        if (element.ValueKind != JsonValueKind.Object) return (path, $"must be an object {{\"key\": value, …}}, not {Describe(element)}");
        var value = field.MessageType.FindFieldByNumber(2);
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Null && InValue(entry.Value, value, $"{path}[\"{entry.Name}\"]") is { } mismatch) return mismatch;
        }
        return null;
    }

    private static (string, string)? InValue(JsonElement element, FieldDescriptor field, string path) => field.FieldType switch
    {
        FieldType.Double or FieldType.Float => IsNumber(element) ? null : (path, $"must be a number, not {Describe(element)}"),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64
            or FieldType.UInt32 or FieldType.Fixed32 or FieldType.UInt64 or FieldType.Fixed64 =>
            IsWholeNumber(element) ? null : (path, $"must be a whole number, not {Describe(element)}"),
        FieldType.Bool => element.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : (path, $"must be true or false, not {Describe(element)}"),
        FieldType.String => element.ValueKind == JsonValueKind.String ? null : (path, $"must be text in quotes, not {Describe(element)}"),
        FieldType.Bytes => element.ValueKind == JsonValueKind.String && IsBase64(element.GetString()!) ? null : (path, $"must be base64 text, not {Describe(element)}"),
        FieldType.Enum => InEnum(element, field.EnumType, path),
        // Well-known types (timestamps, wrappers, Struct) have JSON forms of their own.
        FieldType.Message when field.MessageType.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal) => null,
        FieldType.Message => element.ValueKind == JsonValueKind.Object
            ? InMessage(element, field.MessageType, path)
            : (path, $"must be an object {{…}}, not {Describe(element)}"),
        _ => null,
    };

    private static (string, string)? InEnum(JsonElement element, EnumDescriptor type, string path)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out _)) return null;
        if (element.ValueKind == JsonValueKind.String && type.FindValueByName(element.GetString()!) is not null) return null;
        return (path, $"must be one of {string.Join(", ", type.Values.Select(v => v.Name))}, not {Describe(element)}");
    }

    private static bool IsNumber(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => true,
        // Proto3 JSON writes NaN and the infinities as text, and accepts any number as text.
        JsonValueKind.String => element.GetString() is "NaN" or "Infinity" or "-Infinity"
            || double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => false,
    };

    private static bool IsWholeNumber(JsonElement element)
    {
        var text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString(),
            _ => null,
        };
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == decimal.Truncate(value);
    }

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static string Describe(JsonElement element)
    {
        var text = element.ValueKind switch
        {
            JsonValueKind.String => $"the text {element.GetRawText()}",
            JsonValueKind.Number => $"the number {element.GetRawText()}",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Array => "a list",
            JsonValueKind.Object => "an object",
            _ => "null",
        };
        return text.Length > 80 ? text[..79] + "…" : text;
    }
}
