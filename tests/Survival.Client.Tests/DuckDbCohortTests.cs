using DuckDB.NET.Data;
using Survival.V1;
using Survival.Core;
using Survival.Core.CompetingRisks;
using Survival.Core.Cox;
using Survival.Core.Curves;

namespace Survival.Client.Tests;

/// <summary>DuckDB's count rows from CSV, TSV and Parquet files equal the counts of the same subjects read one by one.</summary>
public class DuckDbCohortTests
{
    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    private static readonly CohortColumns Veteran = new() { Time = "time", Event = "status", Group = "trt", Stratum = "celltype" };

    private static List<(string, string, double, long, long)> CountedOneByOne(Cohort subjects) =>
        SubjectCounts.Of(subjects.Subjects.Select(s => (s.Group, s.Stratum, s.Time, s.Event)));

    private static async Task<string> ParquetCopyAsync(string csv, string select = "*")
    {
        var parquet = Path.Combine(Directory.CreateTempSubdirectory().FullName, Path.ChangeExtension(Path.GetFileName(csv), ".parquet"));
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT {select} FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)";
        await command.ExecuteNonQueryAsync();
        return parquet;
    }

    [Fact]
    public async Task Veteran_csv_gives_the_counts_of_its_subjects()
    {
        // Arrange
        var expected = CountedOneByOne(CohortFile.Read(Example("veteran.csv"), Veteran));

        // Act
        var counts = await DuckDbCohort.ReadAsync(Example("veteran.csv"), new CountQuery { Columns = Veteran }, "days");

        // Assert
        Assert.Equal("days", counts.TimeUnit);
        Assert.Equal(expected, SubjectCounts.Of(counts));
        Assert.Equal(137, counts.Counts.Sum(r => r.Events + r.Censored));
    }

    [Fact]
    public async Task A_parquet_copy_with_typed_columns_gives_the_same_counts()
    {
        // Arrange: integer times and a 0/1 integer status, as a registry extract has them.
        var parquet = await ParquetCopyAsync(Example("veteran.csv"));
        var expected = CountedOneByOne(CohortFile.Read(Example("veteran.csv"), Veteran));

        // Act
        var counts = await DuckDbCohort.ReadAsync(parquet, new CountQuery { Columns = Veteran }, "");

        // Assert
        Assert.True(DuckDbCohort.IsParquet(parquet));
        Assert.Equal(expected, SubjectCounts.Of(counts));
    }

    [Fact]
    public async Task Dates_give_exactly_the_times_the_service_computes()
    {
        // Arrange: FollowUpTime.Between is what the service applies to each subject's two dates.
        var columns = new CohortColumns { StartDate = "start_date", EndDate = "last_followup_date", Event = "died", Group = "histology" };
        var expected = SubjectCounts.Of(CohortFile.Read(Example("case_reports_dates.csv"), columns).Subjects.Select(s =>
            (s.Group, "", FollowUpTime.Between(DateOnly.Parse(s.StartDate), DateOnly.Parse(s.EndDate), TimeUnit.Months), s.Event)));

        // Act
        var counts = await DuckDbCohort.ReadAsync(Example("case_reports_dates.csv"), new CountQuery { Columns = columns, Unit = TimeUnit.Months }, "months");

        // Assert: equal to the last bit, not within a tolerance.
        Assert.Equal(expected, SubjectCounts.Of(counts));
    }

    [Fact]
    public async Task Tab_separated_values_spelled_out_events_and_empty_groups_are_read()
    {
        // Arrange
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "arms.tsv");
        await File.WriteAllTextAsync(file, "t\tdead\tarm\n1.5\tyes\ta\n2\tFALSE\t\n2\tTrue\t\n");

        // Act
        var counts = await DuckDbCohort.ReadAsync(file, new CountQuery { Columns = new CohortColumns { Time = "t", Event = "dead", Group = "arm" } }, "");

        // Assert
        Assert.Equal([("", "", 2.0, 1L, 1L), ("a", "", 1.5, 1L, 0L)], SubjectCounts.Of(counts));
    }

    [Theory]
    [InlineData("t,e\n1,1\n2,maybe\n")]
    [InlineData("t,e\n1,1\n-2,0\n")]
    [InlineData("t,e\n1,1\n,0\n")]
    [InlineData("t,e\n")]
    public async Task Subjects_that_cannot_be_counted_are_refused_not_dropped(string text)
    {
        // Arrange
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "bad.csv");
        await File.WriteAllTextAsync(file, text);

        // Act, Assert
        await Assert.ThrowsAsync<CohortSourceException>(() =>
            DuckDbCohort.ReadAsync(file, new CountQuery { Columns = new CohortColumns { Time = "t", Event = "e" } }, ""));
    }

    [Fact]
    public async Task A_missing_column_is_duckdbs_error()
    {
        // Act, Assert
        await Assert.ThrowsAsync<DuckDBException>(() =>
            DuckDbCohort.ReadAsync(Example("veteran.csv"), new CountQuery { Columns = new CohortColumns { Time = "nope", Event = "status" } }, ""));
    }
}
