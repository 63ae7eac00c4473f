namespace Survival.Client;

/// <summary>The spelling of identifiers, literals and type names in one SQL dialect.</summary>
internal sealed class SqlText(SqlDialect dialect)
{
    public SqlDialect Dialect { get; } = dialect;

    public string Double => Dialect is SqlDialect.DuckDb or SqlDialect.Spark ? "DOUBLE" : "DOUBLE PRECISION";

    public string Text => Dialect == SqlDialect.Spark ? "STRING" : "VARCHAR";

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
}
