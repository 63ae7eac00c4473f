namespace Survival.Client;

/// <summary>The spelling of identifiers, literals and type names in one SQL dialect.</summary>
internal sealed class SqlText(SqlDialect dialect)
{
    public SqlDialect Dialect { get; } = dialect;

    public string Double => Dialect is SqlDialect.DuckDb or SqlDialect.Spark ? "DOUBLE" : "DOUBLE PRECISION";

    public string Text => Dialect == SqlDialect.Spark ? "STRING" : "VARCHAR";

    /// <summary>
    /// How a common table expression whose columns later ones read many times is introduced: PostgreSQL inlines a CTE
    /// read once, substituting each column's expression wherever it is read, so that a chain of them (the normal tail's
    /// ratio read by its log and its inverse Mills ratio, read by every derivative) grows the plan exponentially;
    /// MATERIALIZED computes each once per row.
    /// </summary>
    public string CommonTable => Dialect == SqlDialect.Postgres ? "AS MATERIALIZED" : "AS";

    /// <summary>An identifier quoted so that any name, even a keyword or one with quotes in it, means that column.</summary>
    public string Quote(string identifier) => Dialect == SqlDialect.Spark
        ? $"`{identifier.Replace("`", "``", StringComparison.Ordinal)}`"
        : $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary><c>schema.table</c> with each part quoted.</summary>
    public string QuoteQualified(string name) => string.Join(".", name.Split('.').Select(Quote));

    /// <summary>A string literal; Spark reads backslash escapes (and joins adjacent literals), so it escapes with a backslash.</summary>
    public string Literal(string value) => Dialect == SqlDialect.Spark
        ? $"'{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'"
        : $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>
    /// 1 for an event, 0 for a censoring, NULL for a value that is neither: the cell compared as text (spaces trimmed)
    /// with <paramref name="eventValue"/> when given, else 1/true/yes and 0/false/no in any case, as <see cref="CohortFile"/> reads them.
    /// </summary>
    public string EventExpression(string column, string? eventValue)
    {
        var value = $"CAST({column} AS {Text})";
        return eventValue is not null
            ? $"CASE WHEN {value} IS NULL THEN NULL WHEN trim({value}) = {Literal(eventValue.Trim())} THEN 1 ELSE 0 END"
            : $"CASE lower(trim({value})) WHEN '1' THEN 1 WHEN 'true' THEN 1 WHEN 'yes' THEN 1 WHEN '0' THEN 0 WHEN 'false' THEN 0 WHEN 'no' THEN 0 END";
    }
}
