using Survival.TestSupport;
using Survival.Core.CompetingRisks;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.Inference;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>Causes as a column of the counting table: its rules, and the estimators that read it.</summary>
public class CompetingRisksTableTests
{
    [Fact]
    public void Events_with_and_without_a_cause_cannot_be_mixed()
    {
        // Arrange
        var builder = new CountingTable.Builder();
        var cell = builder.Cell("", "");
        builder.AddSubject(cell, new SubjectRow(1, IsEvent: true) { Cause = builder.Cause("relapse") });
        builder.AddSubject(cell, new SubjectRow(2, IsEvent: true));

        // Act
        var exception = Assert.Throws<InputRuleException>(builder.Build);

        // Assert
        Assert.Equal("cause", exception.Input);
        Assert.Equal(InputRules.CauseForEveryEventRequirement, exception.Requirement);
    }

    [Fact]
    public void Causes_cannot_be_combined_with_entries_of_count_rows()
    {
        // Arrange
        var builder = new CountingTable.Builder();
        var cell = builder.Cell("", "");
        builder.AddSubject(cell, new SubjectRow(1, IsEvent: true) { Cause = builder.Cause("relapse") });
        builder.AddCount(cell, 0.5, events: 0, censored: 0, entered: 1);
        builder.AddSubject(cell, new SubjectRow(2, IsEvent: false));

        // Act
        var exception = Assert.Throws<InputRuleException>(builder.Build);

        // Assert
        Assert.Equal(CombinationRules.CausesWithEntriesInCountRows.Requirement, exception.Requirement);
    }

    [Fact]
    public void The_table_estimate_equals_the_estimate_from_the_groups_counts()
    {
        // Arrange
        var set = CompetingRisksReference.Named("three_causes_ties");
        var table = set.Table(withStrata: true);

        for (var group = 0; group < table.GroupCount; group++)
        {
            // Act
            var fromTable = AalenJohansen.Estimate(table, group, ConfidenceType.Log, new ConfidenceLevel(set.ConfLevel));
            var fromCounts = set.Counts(table.Groups[group]).Estimate(ConfidenceType.Log, set.ConfLevel);

            // Assert: the causes are in label order, the counts in the fixture's; the variance sums over causes in that order.
            Assert.Equal(fromCounts.Times.ToArray(), fromTable.Times.ToArray());
            foreach (var (cause, c) in set.Causes.Select((cause, c) => (cause, c)))
            {
                var state = fromTable.Causes[table.Causes.IndexOf(cause)];
                Assert.Equal(fromCounts.Causes[c].Probability.ToArray(), state.Probability.ToArray());
                Tolerance.Equal([.. fromCounts.Causes[c].StdError.Select(x => (double?)x)], [.. state.StdError.Select(x => (double?)x)], cause, 1e-12);
            }
        }
    }

    [Fact]
    public void Gray_test_is_not_estimable_when_no_other_group_is_at_risk_at_the_causes_events()
    {
        // Arrange: group b has left before the only events, so the scores have no variance.
        var builder = new CountingTable.Builder();
        var relapse = builder.Cause("relapse");
        builder.AddSubject(builder.Cell("a", ""), new SubjectRow(1, IsEvent: true) { Cause = relapse });
        builder.AddSubject(builder.Cell("a", ""), new SubjectRow(2, IsEvent: true) { Cause = relapse });
        builder.AddSubject(builder.Cell("b", ""), new SubjectRow(0.5, IsEvent: false));

        // Act
        var test = GrayTest.Test(builder.Build(), stratified: false).Single();

        // Assert
        Assert.Null(test.Test.ChiSquare);
        Assert.Null(test.Test.PValue);
        Assert.Equal(GrayTest.SingularReason, test.Test.NotEstimableReason);
    }

    [Fact]
    public void Gray_test_needs_causes()
    {
        // Arrange
        var table = CountingTable.FromSubjects(SurvivalData.Create([1, 2], [true, true]), Factor.Create(["a", "b"]));

        // Act and assert
        Assert.Equal("causes", Assert.Throws<InputRuleException>(() => GrayTest.Test(table, stratified: false)).Input);
    }
}
