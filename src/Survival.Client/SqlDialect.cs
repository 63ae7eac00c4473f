namespace Survival.Client;

/// <summary>The SQL dialect an aggregation query is written in: how identifiers are quoted, types named and dates subtracted.</summary>
public enum SqlDialect
{
    /// <summary>Standard SQL: double-quoted identifiers, <c>DOUBLE PRECISION</c>, <c>date - date</c> in days (Trino, Oracle, most engines).</summary>
    Ansi,

    /// <summary>PostgreSQL: as <see cref="Ansi"/>; <c>date - date</c> is an integer number of days.</summary>
    Postgres,

    /// <summary>DuckDB: as <see cref="Ansi"/> with <c>DOUBLE</c>; <c>date - date</c> is a BIGINT number of days.</summary>
    DuckDb,

    /// <summary>Spark SQL and Databricks: back-quoted identifiers, <c>STRING</c>, <c>datediff(end, start)</c>.</summary>
    Spark,
}
