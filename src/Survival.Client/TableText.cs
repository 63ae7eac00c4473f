using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Survival.Client;

/// <summary>
/// The delimited text both table readers share: how it is opened, and their messages in the words of the file — the
/// line, the column, the value — never CsvHelper's own.
/// </summary>
internal static class TableText
{
    /// <summary>A reader of <paramref name="delimiter"/>-separated text with a header row; a short row is reported by <see cref="RequireWholeRow"/>.</summary>
    public static CsvReader Open(TextReader reader, string delimiter) =>
        new(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter, TrimOptions = TrimOptions.Trim, MissingFieldFound = null });

    /// <summary>The delimiter of a file by its extension: tab for <c>.tsv</c> and <c>.tab</c>, else a comma.</summary>
    public static string DelimiterOf(string path) => Path.GetExtension(path).ToLowerInvariant() is ".tsv" or ".tab" ? "\t" : ",";

    /// <summary>A row with fewer cells than the header names columns, which CsvHelper would fill or refuse in its own words.</summary>
    public static void RequireWholeRow(CsvReader csv, string[] header, string delimiter, int line)
    {
        var cells = csv.Parser.Count;
        if (cells >= header.Length) return;
        throw new CohortFileException(
            $"the row has {cells} {(cells == 1 ? "value" : "values")} where the header names {header.Length} columns ({string.Join(Name(delimiter) == "comma" ? ", " : " ", header)}); " +
            $"fill the missing cells (an empty cell between {Name(delimiter)}s is fine)", line);
    }

    /// <summary>A named column the header lacks; a header of one column holding another delimiter says which.</summary>
    public static CohortFileException NoColumn(string name, string[] header, string delimiter)
    {
        if (header.Length == 1 && Other(header[0], delimiter) is { } other)
        {
            return new CohortFileException(
                $"no column named '{name}': the header '{header[0]}' looks {Name(other)}-separated, but this file is read as {Name(delimiter)}-separated " +
                "(a .tsv or .tab file is read tab-separated, any other comma-separated); save it with commas, or tab-separated as .tsv", 1, name);
        }
        return new CohortFileException($"no column named '{name}'; the columns are {string.Join(", ", header.Select(h => $"'{h}'"))}", 1, name);
    }

    /// <summary>"column 'months' is 'soon': a time must be a number", at its line.</summary>
    public static CohortFileException Unreadable(string column, string? value, string requirement, int line) =>
        new(string.IsNullOrEmpty(value) ? $"column '{column}' is empty: {requirement}" : $"column '{column}' is '{value}': {requirement}", line, column);

    /// <summary>A row CsvHelper cannot split: a quote that is not closed, or one inside an unquoted cell.</summary>
    public static CohortFileException Unparsable(string delimiter, int line) =>
        new($"the row cannot be split into {Name(delimiter)}-separated cells: a quote is not closed or stands inside a cell " +
            "(quote whole cells, \"like, this\", and double a quote inside one)", line);

    private static string? Other(string headerCell, string delimiter) =>
        new[] { ";", "\t", ",", "|" }.Where(d => d != delimiter && headerCell.Contains(d, StringComparison.Ordinal)).FirstOrDefault();

    private static string Name(string delimiter) => delimiter switch
    {
        "," => "comma",
        ";" => "semicolon",
        "\t" => "tab",
        "|" => "pipe",
        _ => $"'{delimiter}'",
    };
}
