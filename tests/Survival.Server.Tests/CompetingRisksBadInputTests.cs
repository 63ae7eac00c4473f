using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Bad competing-risks input gets INVALID_ARGUMENT naming the exact field, in every form of the cohort.</summary>
[Collection(ServerCollection.Name)]
public class CompetingRisksBadInputTests(ServerFixture server)
{
    private static Cohort ValidSubjects() => new()
    {
        Subjects =
        {
            new Subject { Time = 5, Event = true, Cause = "relapse", Group = "a" },
            new Subject { Time = 8, Event = false, Group = "a" },
            new Subject { Time = 12, Event = true, Cause = "death", Group = "b" },
            new Subject { Time = 3, Event = true, Cause = "relapse", Group = "b" },
        },
    };

    private static Cohort ValidColumns() => new()
    {
        Columns = new SubjectColumns
        {
            Time = { 5, 8, 12, 3 },
            Event = { true, false, true, true },
            Cause = { 1, 0, 2, 1 },
            CauseLabels = { "", "relapse", "death" },
            Group = { 0, 0, 1, 1 },
            GroupLabels = { "a", "b" },
        },
    };

    private static Cohort ValidCounts() => new()
    {
        Counts =
        {
            new CountRow { Group = "a", Time = 5, Events = 1, Cause = "relapse" },
            new CountRow { Group = "a", Time = 8, Censored = 1 },
            new CountRow { Group = "b", Time = 12, Events = 1, Cause = "death" },
            new CountRow { Group = "b", Time = 3, Events = 1, Cause = "relapse" },
        },
    };

    public static TheoryData<string, Func<Cohort>> BadCohorts() => new()
    {
        { "cohort.subjects[1].cause", () => With(ValidSubjects(), c => c.Subjects[1].Cause = "death") },
        { "cohort.subjects[3].cause", () => With(ValidSubjects(), c => c.Subjects[3].Cause = "") },
        { "cohort.columns.cause[2]", () => With(ValidColumns(), c => c.Columns.Cause[2] = 3) },
        { "cohort.columns.cause[1]", () => With(ValidColumns(), c => c.Columns.Cause[1] = 2) },
        { "cohort.columns.cause[3]", () => With(ValidColumns(), c => c.Columns.Cause[3] = 0) },
        { "cohort.columns.cause", () => With(ValidColumns(), c => c.Columns.Cause.RemoveAt(0)) },
        { "cohort.counts[2].cause", () => With(ValidCounts(), c => c.Counts[2].Cause = "") },
        { "cohort.counts[0].cause", () => With(ValidCounts(), c => c.Counts.Add(new CountRow { Group = "a", Time = 1, Entered = 1 })) },
    };

    [Theory]
    [MemberData(nameof(BadCohorts))]
    public async Task Is_rejected_naming_the_field(string field, Func<Cohort> cohort)
    {
        // Arrange
        var request = new EstimateSurvivalRequest { Cohort = cohort() };

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(async () => await server.Client.EstimateSurvivalAsync(request), field);
    }

    [Fact]
    public async Task The_valid_forms_agree()
    {
        // Arrange
        var subjects = new CompareGroupsRequest { Cohort = ValidSubjects() };
        var columns = new CompareGroupsRequest { Cohort = ValidColumns() };
        var counts = new CompareGroupsRequest { Cohort = ValidCounts() };

        // Act
        var expected = await server.Client.CompareGroupsAsync(subjects);

        // Assert
        Assert.Equal(["death", "relapse"], expected.GrayTests.Select(t => t.Cause));
        Assert.Equal(expected, await server.Client.CompareGroupsAsync(columns));
        Assert.Equal(expected, await server.Client.CompareGroupsAsync(counts));
    }

    private static Cohort With(Cohort cohort, Action<Cohort> change)
    {
        change(cohort);
        return cohort;
    }
}
