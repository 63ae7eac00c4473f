using Survival.V1;

namespace Survival.Client.Tests;

/// <summary>Reading cohorts from the example tables and from malformed ones.</summary>
public class CohortFileTests
{
    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    private static Cohort ReadText(string text, CohortColumns columns, string delimiter = ",") =>
        CohortFile.Read(new StringReader(text), columns, delimiter: delimiter);

    [Fact]
    public void Seven_patient_example_reads_times_events_and_ids()
    {
        // Act
        var cohort = CohortFile.Read(Example("seven_patient_cohort_illustrative.csv"),
            new CohortColumns { Time = "os_months", Event = "os_event", Id = "patient" }, "months");

        // Assert
        Assert.Equal("months", cohort.TimeUnit);
        Assert.Equal([9, 51, 14, 8, 11, 13, 10], cohort.Subjects.Select(s => s.Time));
        Assert.Equal([true, false, true, false, false, false, false], cohort.Subjects.Select(s => s.Event));
        Assert.Equal("A", cohort.Subjects[0].Id);
    }

    [Fact]
    public void Case_reports_read_dates_instead_of_times()
    {
        // Act
        var cohort = CohortFile.Read(Example("case_reports_dates.csv"),
            new CohortColumns { StartDate = "start_date", EndDate = "last_followup_date", Event = "died", Group = "histology" });

        // Assert
        Assert.Equal(5, cohort.Subjects.Count);
        Assert.All(cohort.Subjects, s => Assert.False(s.HasTime));
        Assert.Equal(("2021-01-19", "2021-08-17"), (cohort.Subjects[0].StartDate, cohort.Subjects[0].EndDate));
        Assert.Equal("papillary (advanced differentiated)", cohort.Subjects[3].Group);
    }

    [Fact]
    public void Tab_separated_values_and_spelled_out_events_are_read()
    {
        // Act
        var cohort = ReadText("t\tdead\tarm\n1.5\tyes\ta\n2\tFALSE\tb\n", new CohortColumns { Time = "t", Event = "dead", Group = "arm" }, "\t");

        // Assert
        Assert.Equal([1.5, 2], cohort.Subjects.Select(s => s.Time));
        Assert.Equal([true, false], cohort.Subjects.Select(s => s.Event));
        Assert.Equal(["a", "b"], cohort.Subjects.Select(s => s.Group));
    }

    [Theory]
    [InlineData("t,e\n1,1\n2,maybe\n", 3, "e")]
    [InlineData("t,e\n1,1\nsoon,0\n", 3, "t")]
    [InlineData("t,x\n1,1\n", 1, "e")]
    [InlineData("t,e\n", 2, null)]
    public void Unreadable_tables_name_the_line_and_column(string text, int line, string? column)
    {
        // Act
        var exception = Assert.Throws<CohortFileException>(() => ReadText(text, new CohortColumns { Time = "t", Event = "e" }));

        // Assert
        Assert.Equal((line, column), (exception.Line, exception.Column));
    }

    [Theory]
    [InlineData("t,e,g\n5,1,a\n7\n", "the row has 1 value where the header names 3 columns (t, e, g)")]
    [InlineData("t,e\n1,1\nsoon,0\n", "column 't' is 'soon': a time must be a number")]
    [InlineData("t,e\n1,1\n2,maybe\n", "column 'e' is 'maybe': an event column holds 1/0, true/false or yes/no (1 = event), or 1/2 as R reads it (2 = event)")]
    [InlineData("t,e\n1,1\n2,\"0\n", "the row cannot be split into comma-separated cells")]
    [InlineData("t;e\n1;1\n", "no column named 't': the header 't;e' looks semicolon-separated, but this file is read as comma-separated")]
    public void Messages_name_the_cell_in_the_files_terms(string text, string expected)
    {
        // Act
        var exception = Assert.Throws<CohortFileException>(() => ReadText(text, new CohortColumns { Time = "t", Event = "e", Group = text.Contains(",g") ? "g" : null }));

        // Assert: never CsvHelper's words.
        Assert.StartsWith(expected, exception.Message);
        Assert.DoesNotContain("MissingFieldFound", exception.Message);
        Assert.DoesNotContain("BadDataFound", exception.Message);
    }

    [Fact]
    public void An_event_value_marks_the_events_and_every_other_value_censors()
    {
        // Act
        var cohort = ReadText("t,status\n1,2\n2,1\n3,2\n", new CohortColumns { Time = "t", Event = "status", EventValue = "2" });

        // Assert
        Assert.Equal([true, false, true], cohort.Subjects.Select(s => s.Event));
    }

    [Fact]
    public void With_an_event_value_an_empty_cell_is_refused_by_its_line()
    {
        // Act
        var exception = Assert.Throws<CohortFileException>(() =>
            ReadText("t,status\n1,dead\n2,\n", new CohortColumns { Time = "t", Event = "status", EventValue = "dead" }));

        // Assert
        Assert.Equal((3, "status"), (exception.Line, exception.Column));
    }

    [Theory]
    [InlineData(new[] { "1", "2" }, "2")]
    [InlineData(new[] { "2" }, "2")]
    [InlineData(new[] { " 2 ", "1" }, "2")]
    [InlineData(new[] { "1" }, null)]
    [InlineData(new[] { "0", "1", "2" }, null)]
    [InlineData(new[] { "1", "2", "" }, null)]
    [InlineData(new[] { "dead", "alive" }, null)]
    public void R_reads_a_status_whose_largest_value_is_2_as_2_events(string[] values, string? expected)
    {
        // R: Surv(1:2, c(1, 2)) is 1+ 2; Surv(1:3, c(0, 1, 2)) turns the 0 into NA with a warning.
        Assert.Equal(expected, EventCodes.RConvention(values));
    }

    [Fact]
    public void A_time_column_and_date_columns_together_are_refused() =>
        Assert.Throws<CohortFileException>(() =>
            ReadText("t,e,s,f\n1,1,2020-01-01,2020-02-01\n", new CohortColumns { Time = "t", Event = "e", StartDate = "s", EndDate = "f" }));
}
