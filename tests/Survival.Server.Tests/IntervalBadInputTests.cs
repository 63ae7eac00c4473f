using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Bad interval-censored input gets INVALID_ARGUMENT naming the field; nothing crashes.</summary>
[Collection(ServerCollection.Name)]
public class IntervalBadInputTests(ServerFixture server)
{
    private static Cohort Valid() => new()
    {
        Subjects =
        {
            new Subject { Group = "a", IntervalLeft = 2, IntervalRight = 5 },
            new Subject { Group = "b", IntervalLeft = 0, IntervalRight = 3 },
            new Subject { Group = "a", IntervalLeft = 4 },
            new Subject { Group = "b", IntervalLeft = 6, IntervalRight = 6 },
        },
    };

    public static TheoryData<string, Action<Cohort>> BadSubjects() => new()
    {
        { "cohort.subjects[0].interval_right", c => c.Subjects[0].IntervalRight = 1 },
        { "cohort.subjects[0].interval_left", c => c.Subjects[0].IntervalLeft = -1 },
        { "cohort.subjects[0].interval_left", c => c.Subjects[0].IntervalLeft = double.NaN },
        { "cohort.subjects[0].interval_left", c => c.Subjects[0].IntervalLeft = double.PositiveInfinity },
        { "cohort.subjects[1].interval_right", c => c.Subjects[1].IntervalRight = double.NaN },
        { "cohort.subjects[0].time", c => c.Subjects[0].Time = 3 },
        { "cohort.subjects[0].event", c => c.Subjects[0].Event = true },
        { "cohort.subjects[0].start_date", c => c.Subjects[0].StartDate = "2024-01-01" },
        { "cohort.subjects[2].weight", c => c.Subjects[2].Weight = 2 },
        { "cohort.subjects[2].entry_time", c => c.Subjects[2].EntryTime = 1 },
    };

    [Theory]
    [MemberData(nameof(BadSubjects))]
    public async Task Bad_subject_names_the_field(string field, Action<Cohort> spoil)
    {
        // Arrange
        var cohort = Valid();
        spoil(cohort);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort }).ResponseAsync, field);
    }

    public static TheoryData<string, Action<Cohort>> BadRows() => new()
    {
        { "cohort.counts[0].count", c => c.Counts[0].Count = -1 },
        { "cohort.counts[0].count", c => c.Counts[0].Count = long.MaxValue },
        { "cohort.counts[1].interval_right", c => c.Counts[1].IntervalRight = 1 },
        { "cohort.counts[1].events", c => c.Counts[1].Events = 2 },
        { "cohort.counts[1].time", c => c.Counts[1].Time = 2 },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task Bad_count_row_names_the_field(string field, Action<Cohort> spoil)
    {
        // Arrange
        var cohort = new Cohort
        {
            Counts =
            {
                new CountRow { Group = "a", IntervalLeft = 2, IntervalRight = 5, Count = 3 },
                new CountRow { Group = "b", IntervalLeft = 3, IntervalRight = 8, Count = 2 },
            },
        };
        spoil(cohort);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort }).ResponseAsync, field);
    }

    [Fact]
    public async Task Columns_of_unequal_length_name_the_shorter()
    {
        // Arrange
        var cohort = new Cohort { Columns = new SubjectColumns { IntervalLeft = { 1, 2, 3 }, IntervalRight = { 2, 4 } } };

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort }).ResponseAsync, "cohort.columns.interval_right");
    }

    [Fact]
    public async Task Column_value_names_its_position()
    {
        // Arrange
        var cohort = new Cohort { Columns = new SubjectColumns { IntervalLeft = { 1, 5, 3 }, IntervalRight = { 2, 4, double.PositiveInfinity } } };

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort }).ResponseAsync, "cohort.columns.interval_right[1]");
    }

    public static TheoryData<string, Action<AnalyzeCohortRequest>> BadOptions() => new()
    {
        { "options.rmst_tau", r => r.Options.RmstTau = 5 },
        { "options.median_follow_up", r => r.Options.MedianFollowUp = true },
        { "options.interval.bootstrap_replicates", r => r.Options.Interval = new IntervalEstimateOptions { BootstrapReplicates = -1 } },
        { "comparison.weights", r => r.Comparison.Weights.Add(TestWeight.Logrank) },
        { "comparison.stratified", r => r.Comparison.Stratified = true },
        { "comparison.interval.scores[0]", r => r.Comparison.Interval = new IntervalComparisonOptions { Scores = { (IntervalScore)9 } } },
        { "plot.curve_kind", r => r.Plot = new PlotOptions { CurveKind = CurveKind.CumulativeHazard } },
        { "plot.show_hazard_ratio", r => r.Plot = new PlotOptions { ShowHazardRatio = true } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Options_that_do_not_apply_name_the_field(string field, Action<AnalyzeCohortRequest> spoil)
    {
        // Arrange
        var request = new AnalyzeCohortRequest { Cohort = Valid(), Options = new EstimateOptions(), Comparison = new ComparisonOptions() };
        spoil(request);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => server.Client.AnalyzeCohortAsync(request).ResponseAsync, field);
    }
}
