using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Subjects given as start and end dates: times in the cohort's unit, and bad dates named by subject.</summary>
[Collection(ServerCollection.Name)]
public class DatesTests(ServerFixture server)
{
    private static Subject Dated(string start, string end, bool @event = false) => new() { StartDate = start, EndDate = end, Event = @event };

    [Fact]
    public async Task Case_reports_give_times_in_months_of_30_4375_days_and_a_median_not_reached()
    {
        // Arrange: examples/case_reports_dates.csv, every patient alive at last report.
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "examples", "case_reports_dates.csv")).Skip(1);
        var cohort = new Cohort { TimeUnit = "months" };
        foreach (var columns in lines.Select(l => l.Split(','))) cohort.Subjects.Add(Dated(columns[3], columns[4], columns[5] == "1"));

        // Act
        var group = (await server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort })).Groups.Single();

        // Assert: 2021-01-19 to 2021-08-17 is 210 days.
        Assert.Equal(210 / 30.4375, group.Curve[0].Time, 12);
        Assert.Equal(0, group.Events);
        Assert.False(group.Median.HasTime);
    }

    [Theory]
    [InlineData("days", 365.0)]
    [InlineData("weeks", 365.0 / 7)]
    [InlineData("Months", 365.0 / 30.4375)]
    [InlineData("year", 365.0 / 365.25)]
    [InlineData("", 365.0)]
    public async Task Dates_convert_to_the_cohort_time_unit(string unit, double expected)
    {
        // Arrange
        var cohort = new Cohort { TimeUnit = unit, Subjects = { Dated("2023-01-01", "2024-01-01", @event: true) } };

        // Act
        var response = await server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort });

        // Assert
        Assert.Equal(expected, response.Groups[0].Curve[0].Time, 12);
    }

    public static TheoryData<string, Action<Cohort>> BadDates() => new()
    {
        { "cohort.subjects[1].end_date", c => c.Subjects[1].EndDate = "2020-01-01" },
        { "cohort.subjects[1].start_date", c => c.Subjects[1].StartDate = "2021-13-01" },
        { "cohort.subjects[1].start_date", c => c.Subjects[1].StartDate = "01/02/2021" },
        { "cohort.subjects[1].end_date", c => c.Subjects[1].EndDate = "" },
        { "cohort.subjects[1]", c => c.Subjects[1].Time = 3 },
        { "cohort.time_unit", c => c.TimeUnit = "fortnights" },
    };

    [Theory]
    [MemberData(nameof(BadDates))]
    public async Task Bad_dates_are_invalid_argument_naming_the_subject(string field, Action<Cohort> spoil)
    {
        // Arrange
        var cohort = new Cohort { TimeUnit = "months", Subjects = { Dated("2021-01-19", "2021-08-17"), Dated("2021-07-01", "2025-02-01") } };
        spoil(cohort);

        // Act
        var call = () => server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort }).ResponseAsync;

        // Assert
        await BadRequestAssert.FieldViolationAsync(call, field);
    }
}
