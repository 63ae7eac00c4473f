using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;

namespace Survival.Cli;

/// <summary>
/// Says what the service rejected in the user's terms: a subject's field as the file, line, column and value it came
/// from, and an option's field as the option and the value typed, each said once however many fields repeat it.
/// </summary>
/// <param name="source">What the data is called: the file's name, the table or "the query".</param>
/// <param name="lines">The file line of each subject or count row, where known.</param>
/// <param name="request">The request the service rejected, to read the values back.</param>
/// <param name="columns">The column of each subject field (time, event, …); null where the field has no column.</param>
/// <param name="options">The option of each request field (options.landmark_times → --landmark, …).</param>
internal sealed partial class ViolationText(
    string source, IReadOnlyList<int> lines, IMessage request, Func<string, string?> columns, IReadOnlyDictionary<string, string> options)
{
    /// <summary>Each violation as one line, duplicates said once.</summary>
    public IEnumerable<string> Lines(IEnumerable<BadRequest.Types.FieldViolation> violations) =>
        violations.Select(v => Line(v.Field, v.Description)).Distinct();

    private string Line(string field, string description)
    {
        var row = RowField().Match(field);
        if (row.Success)
        {
            var index = int.Parse(row.Groups["index"].Value, CultureInfo.InvariantCulture);
            var place = index < lines.Count ? $"{source}:{lines[index]}" : source;
            var leaf = row.Groups["field"].Value;
            if (leaf.Length == 0) return $"{place}: {description}";
            var column = row.Groups["form"].Value == "counts" ? leaf : columns(leaf);
            var value = ValueAt(field);
            return column is null ? $"{place}: {leaf.Replace('_', ' ')} {description}"
                : value is null ? $"{place}: column '{column}' {description}"
                : $"{place}: column '{column}' is {value}: {description}";
        }
        var path = Unindexed().Replace(field, "");
        if (options.TryGetValue(path, out var option))
            return ValueAt(field) is { } typed && typed != "''" ? $"{option} {typed}: {description}" : $"{option}: {description}";
        if (field.StartsWith("cohort", StringComparison.Ordinal)) return $"{source}: {description}";
        return $"{field}: {description}";
    }

    /// <summary>The value of the request at a field path (<c>a.b[2].c</c>), as typed: numbers as R prints them, text quoted.</summary>
    private string? ValueAt(string field)
    {
        object? node = request;
        foreach (Match step in PathStep().Matches(field))
        {
            if (node is not IMessage message) return null;
            var descriptor = message.Descriptor.FindFieldByName(step.Groups["name"].Value);
            if (descriptor is null) return null;
            node = descriptor.Accessor.GetValue(message);
            if (step.Groups["index"].Success)
            {
                if (node is not System.Collections.IList list) return null;
                var index = int.Parse(step.Groups["index"].Value, CultureInfo.InvariantCulture);
                if (index >= list.Count) return null;
                node = list[index];
            }
            else if (descriptor.IsRepeated) return null;
        }
        return node switch
        {
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            float number => number.ToString("R", CultureInfo.InvariantCulture),
            string text => $"'{text}'",
            bool or int or long or uint or ulong => Convert.ToString(node, CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    [GeneratedRegex(@"^cohort\.(?<form>subjects|counts)\[(?<index>\d+)\](?:\.(?<field>\w+))?")]
    private static partial Regex RowField();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Unindexed();

    [GeneratedRegex(@"(?<name>\w+)(?:\[(?<index>\d+)\])?")]
    private static partial Regex PathStep();
}
