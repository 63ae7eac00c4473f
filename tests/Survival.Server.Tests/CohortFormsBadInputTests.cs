using Grpc.Core;
using Grpc.Health.V1;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Bad columns, count rows and streams get INVALID_ARGUMENT naming the exact field path, and the server keeps serving.</summary>
[Collection(ServerCollection.Name)]
public class CohortFormsBadInputTests(ServerFixture server)
{
    private static SubjectColumns ValidColumns() => new()
    {
        Time = { 5, 8, 12, 3 },
        Event = { true, false, true, true },
        Group = { 0, 1, 0, 1 },
        GroupLabels = { "a", "b" },
    };

    private static IEnumerable<CountRow> ValidCounts() =>
    [
        new() { Group = "a", Time = 5, Events = 1 },
        new() { Group = "a", Time = 8, Events = 0, Censored = 2 },
        new() { Group = "b", Time = 3, Events = 2, Censored = 1 },
    ];

    public static TheoryData<string, Action<Cohort>> BadCohorts() => new()
    {
        { "cohort", c => c.Subjects.Add(new Subject { Time = 1 }) },
        { "cohort", c => c.Counts.Add(ValidCounts()) },
        { "cohort.columns.time[2]", c => c.Columns.Time[2] = -1 },
        { "cohort.columns.time[1]", c => c.Columns.Time[1] = double.NaN },
        { "cohort.columns.time[3]", c => c.Columns.Time[3] = double.PositiveInfinity },
        { "cohort.columns.event", c => c.Columns.Event.RemoveAt(3) },
        { "cohort.columns.time", c => c.Columns.Event.Add(true) },
        { "cohort.columns.group", c => c.Columns.Group.RemoveAt(0) },
        { "cohort.columns.stratum", c => c.Columns.Stratum.Add(0) },
        { "cohort.columns.group[1]", c => c.Columns.Group[1] = 2 },
        { "cohort.columns.stratum[0]", c => c.Columns.Stratum.Add([4, 0, 0, 0]) },
        { "cohort.columns", c => c.Columns = new SubjectColumns() },
        { "cohort.columns.entry_time", c => c.Columns.EntryTime.Add([0, 1]) },
        { "cohort.columns.entry_time[2]", c => c.Columns.EntryTime.Add([0, 1, 12, 0]) },
        { "cohort.columns.entry_time[1]", c => c.Columns.EntryTime.Add([0, -1, 0, 0]) },
        { "cohort.columns.entry_time[3]", c => c.Columns.EntryTime.Add([0, 0, 0, double.NaN]) },
    };

    public static TheoryData<string, Action<Subject>> BadEntries() => new()
    {
        { "cohort.subjects[1].entry_time", s => s.EntryTime = -2 },
        { "cohort.subjects[1].entry_time", s => s.EntryTime = double.NaN },
        { "cohort.subjects[1].entry_time", s => s.EntryTime = double.PositiveInfinity },
        // An event at entry is not estimable: entry must be strictly before the time.
        { "cohort.subjects[1].entry_time", s => s.EntryTime = s.Time },
        { "cohort.subjects[1].entry_time", s => s.EntryTime = s.Time + 1 },
    };

    public static TheoryData<string, Action<Cohort>> BadCounts() => new()
    {
        { "cohort.counts[1].events", c => c.Counts[1].Events = -1 },
        { "cohort.counts[0].censored", c => c.Counts[0].Censored = long.MaxValue },
        { "cohort.counts[2].time", c => c.Counts[2].Time = double.NaN },
        { "cohort.counts[2].time", c => c.Counts[2].Time = double.NegativeInfinity },
        { "cohort.counts[0].time", c => c.Counts[0].Time = -0.5 },
        { "cohort.counts", c => { foreach (var row in c.Counts) row.Events = row.Censored = 0; } },
        { "cohort.counts[1].entered", c => c.Counts[1].Entered = -4 },
        // Three subjects enter at 8, but nobody leaves after it.
        { "cohort.counts", c => c.Counts.Add(new CountRow { Group = "a", Time = 8, Entered = 3 }) },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public async Task Bad_entry_times_are_rejected_naming_the_subject(string field, Action<Subject> spoil)
    {
        // Arrange
        var cohort = Cohorts.Of((5, true), (8, false), (12, true), (3, true));
        spoil(cohort.Subjects[1]);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(
            async () => await server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort }), field);
        await AssertStillServingAsync();
    }

    [Theory]
    [MemberData(nameof(BadCohorts))]
    public async Task Bad_columns_are_rejected_naming_the_field(string field, Action<Cohort> spoil)
    {
        // Arrange
        var cohort = new Cohort { Columns = ValidColumns() };
        spoil(cohort);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(
            async () => await server.Client.AnalyzeCohortAsync(new AnalyzeCohortRequest { Cohort = cohort }), field);
        await AssertStillServingAsync();
    }

    [Theory]
    [MemberData(nameof(BadCounts))]
    public async Task Bad_count_rows_are_rejected_naming_the_field(string field, Action<Cohort> spoil)
    {
        // Arrange
        var cohort = new Cohort { Counts = { ValidCounts() } };
        spoil(cohort);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(
            async () => await server.Client.CompareGroupsAsync(new CompareGroupsRequest { Cohort = cohort }), field);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_stream_names_positions_over_the_whole_stream()
    {
        // Arrange
        using var call = server.Client.AnalyzeCohortStream();
        var bad = ValidColumns();
        bad.Time[2] = -3;

        // Act
        await call.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = new Cohort { Columns = ValidColumns() } });
        await call.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = new Cohort { Columns = bad } });

        // Assert: the fourth to seventh subjects came in the second message.
        await BadRequestAssert.FieldViolationAsync(async () => await call, "cohort.columns.time[6]");
    }

    [Fact]
    public async Task A_stream_may_not_change_its_options()
    {
        // Arrange
        using var call = server.Client.AnalyzeCohortStream();

        // Act
        await call.RequestStream.WriteAsync(new AnalyzeCohortRequest
        {
            Options = new EstimateOptions { ConfLevel = 0.9 },
            Cohort = new Cohort { Columns = ValidColumns() },
        });
        await call.RequestStream.WriteAsync(new AnalyzeCohortRequest
        {
            Options = new EstimateOptions { ConfLevel = 0.8 },
            Cohort = new Cohort { Columns = ValidColumns() },
        });

        // Assert
        await BadRequestAssert.FieldViolationAsync(async () => await call, "options");
    }

    [Fact]
    public async Task An_empty_stream_is_rejected()
    {
        // Arrange
        using var call = server.Client.AnalyzeCohortStream();

        // Act
        await call.RequestStream.CompleteAsync();

        // Assert
        await BadRequestAssert.FieldViolationAsync(async () => await call, "cohort.subjects");
    }

    private async Task AssertStillServingAsync()
    {
        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
