using Survival.Core;
using Survival.Core.CompetingRisks;

namespace Survival.Client.Tests;

/// <summary>The aggregation text in each dialect: quoting, types, dates and the event rule.</summary>
public class CountQueryTests
{
    private static readonly CohortColumns TimeColumns = new() { Time = "time", Event = "status", Group = "trt", Stratum = "cell type" };

    [Theory]
    [InlineData(SqlDialect.Ansi, "\"cell type\"", "DOUBLE PRECISION", "VARCHAR")]
    [InlineData(SqlDialect.Postgres, "\"cell type\"", "DOUBLE PRECISION", "VARCHAR")]
    [InlineData(SqlDialect.DuckDb, "\"cell type\"", "DOUBLE", "VARCHAR")]
    [InlineData(SqlDialect.Spark, "`cell type`", "DOUBLE", "STRING")]
    public void Each_dialect_quotes_identifiers_and_names_its_types(SqlDialect dialect, string stratum, string doubleType, string textType)
    {
        // Act
        var sql = new CountQuery { Table = "cdm.cohort", Columns = TimeColumns }.ToSql(dialect);

        // Assert
        Assert.Contains($"{stratum} AS {Quoted(dialect, "stratum_value")}", sql);
        Assert.Contains($"coalesce(trim(CAST({Quoted(dialect, "stratum_value")} AS {textType})), '')", sql);
        Assert.Contains($"AS {doubleType})", sql);
        Assert.Contains(dialect == SqlDialect.Spark ? "FROM `cdm`.`cohort`" : "FROM \"cdm\".\"cohort\"", sql);
        Assert.EndsWith(dialect == SqlDialect.Spark ? "GROUP BY `grp`, `stratum`, `time`" : "GROUP BY \"grp\", \"stratum\", \"time\"", sql);
    }

    [Fact]
    public void A_quote_inside_a_name_is_doubled()
    {
        // Act
        var sql = new CountQuery { Table = "odd\"name", Columns = TimeColumns }.ToSql(SqlDialect.Postgres);

        // Assert
        Assert.Contains("FROM \"odd\"\"name\"", sql);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, Survival.Core.TimeUnit.Months, "CAST((CAST(\"end\" AS DATE) - CAST(\"start\" AS DATE)) AS DOUBLE PRECISION) / 30.4375")]
    [InlineData(SqlDialect.Spark, Survival.Core.TimeUnit.Years, "CAST(datediff(CAST(`end` AS DATE), CAST(`start` AS DATE)) AS DOUBLE) / 365.25")]
    [InlineData(SqlDialect.DuckDb, Survival.Core.TimeUnit.Weeks, "CAST((CAST(\"end\" AS DATE) - CAST(\"start\" AS DATE)) AS DOUBLE) / 7")]
    [InlineData(SqlDialect.Ansi, Survival.Core.TimeUnit.Days, "CAST((CAST(\"end\" AS DATE) - CAST(\"start\" AS DATE)) AS DOUBLE PRECISION) AS \"time_value\"")]
    public void Dates_become_days_over_the_days_of_the_unit(SqlDialect dialect, Survival.Core.TimeUnit unit, string expected)
    {
        // Act
        var sql = new CountQuery { Table = "t", Columns = new CohortColumns { StartDate = "start", EndDate = "end", Event = "e" }, Unit = unit }.ToSql(dialect);

        // Assert
        Assert.Contains(expected, sql);
    }

    [Fact]
    public void A_query_is_a_subquery_and_an_event_value_is_a_literal()
    {
        // Act
        var sql = new CountQuery { Query = "SELECT * FROM lung;", Columns = new CohortColumns { Time = "time", Event = "status" }, EventValue = "2" }
            .ToSql(SqlDialect.Spark);

        // Assert
        Assert.Contains("FROM (\nSELECT * FROM lung\n) AS `source`", sql.ReplaceLineEndings("\n"));
        Assert.Contains("`status` AS `event_value`", sql);
        Assert.Contains("WHEN trim(CAST(`event_value` AS STRING)) = '2' THEN 1 ELSE 0 END", sql);
    }

    [Fact]
    public void Spark_escapes_a_quote_in_a_literal_with_a_backslash()
    {
        // Act
        var sql = new CountQuery { Table = "t", Columns = TimeColumns, EventValue = "it's" }.ToSql(SqlDialect.Spark);

        // Assert
        Assert.Contains("= 'it\\'s' THEN 1", sql);
    }

    [Theory]
    [InlineData(null, "AS VARCHAR)) IS NULL OR")]
    [InlineData("alive", "= 'alive'")]
    public void A_cause_column_is_grouped_by_and_tells_the_censored(string? censored, string censoredTest)
    {
        // Act
        var sql = new CountQuery { Table = "t", Columns = new CohortColumns { Time = "time", Cause = "cause", CensoredCause = censored } }.ToSql(SqlDialect.Postgres);

        // Assert: without an event column the event is a cause that is not the censored value.
        Assert.EndsWith("GROUP BY \"grp\", \"stratum\", \"time\", \"cause\"", sql);
        Assert.Contains(censoredTest, sql);
        Assert.Contains("THEN 0 ELSE 1 END AS \"event\"", sql);
    }

    [Theory]
    [InlineData("t", "SELECT 1")]
    [InlineData(null, null)]
    public void Exactly_one_of_a_table_and_a_query_is_given(string? table, string? query) =>
        Assert.Throws<ArgumentException>(() => new CountQuery { Table = table, Query = query, Columns = TimeColumns }.ToSql(SqlDialect.Ansi));

    private static string Quoted(SqlDialect dialect, string name) => dialect == SqlDialect.Spark ? $"`{name}`" : $"\"{name}\"";
}
