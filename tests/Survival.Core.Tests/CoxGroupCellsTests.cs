using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Inference;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// The group Cox model fitted from a counting table's cells alone (whether each group is at risk at an event time read
/// off its latest time) against the same model fitted from the risk table, which reads it at every event time; by hand,
/// a group whose subjects all leave before the first event is at risk at none and its coefficient is not estimable.
/// </summary>
public class CoxGroupCellsTests
{
    public static TheoryData<string, bool> Cases => new()
    {
        { "a group that leaves before the first event", false },
        { "a group that leaves before the first event", true },
        { "a group censored at the first event time", false },
        { "random", false },
        { "random", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cells_give_the_risk_tables_model(string name, bool stratified)
    {
        // Arrange
        var counts = Table(name);

        // Act
        var fromCells = CoxProportionalHazards.Fit(counts, stratified);
        var fromRiskTable = CoxProportionalHazards.Fit(counts, RiskSets.Build(counts, stratified), 0, TieMethod.Efron, ConfidenceLevel.Default);

        // Assert
        Assert.Equal(fromRiskTable.Coefficients.Length, fromCells.Coefficients.Length);
        for (var c = 0; c < fromCells.Coefficients.Length; c++)
        {
            Assert.Equal(fromRiskTable.Coefficients[c].Estimate.NotEstimableReason, fromCells.Coefficients[c].Estimate.NotEstimableReason);
            Assert.Equal(fromRiskTable.Coefficients[c].Estimate.Coefficient, fromCells.Coefficients[c].Estimate.Coefficient);
        }
        Assert.Equal(fromRiskTable.LogLikelihood, fromCells.LogLikelihood);
        Assert.Equal(fromRiskTable.Subjects, fromCells.Subjects);
        Assert.Equal(fromRiskTable.Events, fromCells.Events);
    }

    [Fact]
    public void A_group_gone_before_the_first_event_is_not_estimable()
    {
        // Arrange
        var counts = Table("a group that leaves before the first event");

        // Act
        var model = CoxProportionalHazards.Fit(counts, stratified: false);

        // Assert: group C (all censored at 1 and 2, the first event at 3) is at risk at no event time.
        var c = Assert.Single(model.Coefficients, coefficient => coefficient.Level == "C");
        Assert.Null(c.Estimate.Coefficient);
        Assert.Equal("no subjects of this group are at risk at any event time", c.Estimate.NotEstimableReason);
        Assert.NotNull(Assert.Single(model.Coefficients, coefficient => coefficient.Level == "B").Estimate.Coefficient);
    }

    private static CountingTable Table(string name)
    {
        double[] times;
        bool[] events;
        string[] groups;
        switch (name)
        {
            case "a group that leaves before the first event":
                times = [3, 4, 5, 6, 7, 3, 5, 6, 8, 9, 1, 2, 1, 2];
                events = [true, true, false, true, true, true, false, true, true, false, false, false, false, false];
                groups = ["A", "A", "A", "A", "A", "B", "B", "B", "B", "B", "C", "C", "C", "C"];
                break;
            case "a group censored at the first event time":
                times = [3, 4, 5, 6, 7, 3, 5, 6, 8, 9, 3, 2];
                events = [true, true, false, true, true, true, false, true, true, false, false, false];
                groups = ["A", "A", "A", "A", "A", "B", "B", "B", "B", "B", "C", "C"];
                break;
            default:
                var random = new Random(18);
                var n = 300;
                (times, events, groups) = (new double[n], new bool[n], new string[n]);
                for (var i = 0; i < n; i++)
                {
                    times[i] = 1 + random.Next(40);
                    events[i] = random.NextDouble() < 0.6;
                    groups[i] = ((char)('A' + random.Next(4))).ToString();
                }
                break;
        }
        var strata = Factor.Create([.. Enumerable.Range(0, times.Length).Select(i => i % 2 == 0 ? "s1" : "s2")]);
        return CountingTable.FromSubjects(SurvivalData.Create(times, events), Factor.Create(groups), strata);
    }
}
