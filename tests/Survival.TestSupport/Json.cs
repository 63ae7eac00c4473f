using System.Text.Json;

namespace Survival.TestSupport;

/// <summary>Reading jsonlite's output: a vector may be a scalar, NA is null.</summary>
public static class Json
{
    public static double?[] Doubles(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select(Double).ToArray(),
        _ => [Double(element)],
    };

    public static double? Double(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : element.GetDouble();

    public static double?[] Doubles(JsonElement parent, string name) => Doubles(parent.GetProperty(name));

    public static string[] Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select(e => e.GetString()!).ToArray(),
        _ => [element.GetString()!],
    };

    public static string[]? OptionalStrings(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Strings(value) : null;
}
