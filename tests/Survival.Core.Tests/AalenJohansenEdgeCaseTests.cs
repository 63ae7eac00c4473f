using Survival.TestSupport;
using Survival.Core.CompetingRisks;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>Edge cases of the Aalen–Johansen estimate and the checks at its boundary.</summary>
public class AalenJohansenEdgeCaseTests
{
    private static readonly ConfidenceLevel Level = ConfidenceLevel.Default;

    [Fact]
    public void All_censored_gives_zero_incidence_without_log_interval()
    {
        // Act
        var curve = CauseCounts.Tabulate([(1, 0), (2, 0), (2, 0)], 2).Estimate(ConfidenceType.Log, 0.95);

        // Assert: R reports pstate 0, std.err 0 and NA bounds for a state never entered, and [1, 1] for S = 1.
        Assert.All(curve.Causes, c => Assert.All(c.Probability, p => Assert.Equal(0, p)));
        Assert.All(curve.Causes, c => Assert.All(c.StdError, se => Assert.Equal(0, se)));
        Assert.All(curve.Causes, c => Assert.All(c.Lower, l => Assert.Null(l)));
        Assert.Equal([1.0, 1.0], curve.Survival.Lower.Select(l => l!.Value).ToArray());
        Assert.Equal([1.0, 1.0], curve.Survival.Upper.Select(u => u!.Value).ToArray());
    }

    [Fact]
    public void Plain_interval_of_a_state_not_yet_entered_is_zero_zero()
    {
        // Act
        var curve = CauseCounts.Tabulate([(1, 1), (2, 0)], 2).Estimate(ConfidenceType.Plain, 0.95);

        // Assert: as R's survfit_confint, p − z·se and p + z·se at p = se = 0.
        Assert.Equal(0, curve.Causes[1].Lower[0]);
        Assert.Equal(0, curve.Causes[1].Upper[0]);
    }

    [Fact]
    public void One_subject_with_an_event_has_incidence_one_and_no_error()
    {
        // Act
        var curve = CauseCounts.Tabulate([(3, 2)], 2).Estimate(ConfidenceType.Log, 0.95);

        // Assert
        Assert.Equal(1, curve.Causes[1].Probability[0]);
        Assert.Equal(0, curve.Causes[1].StdError[0]);
        Assert.Equal(0, curve.Survival.Probability[0]);
        Assert.Null(curve.Survival.Lower[0]);
    }

    [Fact]
    public void Rejects_no_causes()
    {
        var error = Assert.Throws<InputRuleException>(() => AalenJohansen.Estimate([1], [1], [], [1], 0, ConfidenceType.Log, Level));
        Assert.Equal("causeCount", error.Input);
    }

    [Fact]
    public void Rejects_events_not_one_per_time_and_cause()
    {
        var error = Assert.Throws<InputRuleException>(() => AalenJohansen.Estimate([1, 2], [2, 1], [1, 0, 1], [0, 0], 2, ConfidenceType.Log, Level));
        Assert.Equal("eventsByCause", error.Input);
    }

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(-1.0, 1.0)]
    [InlineData(1.0, double.NaN)]
    public void Rejects_times_that_do_not_increase(double first, double second)
    {
        var error = Assert.Throws<InputRuleException>(() => AalenJohansen.Estimate([first, second], [2, 1], [1, 1], [0, 0], 1, ConfidenceType.Log, Level));
        Assert.StartsWith("times[", error.Input);
    }

    [Fact]
    public void Rejects_at_risk_that_does_not_add_up()
    {
        // 3 at risk, 1 event, then 1 at risk: one subject is missing.
        var error = Assert.Throws<InputRuleException>(() => AalenJohansen.Estimate([1, 2], [3, 1], [1, 1], [0, 0], 1, ConfidenceType.Log, Level));
        Assert.Equal("atRisk[0]", error.Input);
    }

    [Fact]
    public void Rejects_a_row_where_nobody_leaves()
    {
        var error = Assert.Throws<InputRuleException>(() => AalenJohansen.Estimate([1, 2], [1, 1], [0, 1], [0, 0], 1, ConfidenceType.Log, Level));
        Assert.Equal("atRisk[0]", error.Input);
    }

    [Fact]
    public void Rejects_negative_counts()
    {
        var error = Assert.Throws<InputRuleException>(() => AalenJohansen.Estimate([1], [1], [2, -1], [0], 2, ConfidenceType.Log, Level));
        Assert.Equal("eventsByCause[1]", error.Input);
    }
}
