using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>The edge-case matrix: each case small enough to check by hand.</summary>
public class KaplanMeierEdgeCaseTests
{
    private static SurvivalSummary Summarize(double[] times, bool[] events, double? tau = null) =>
        SurvivalSummary.Summarize(SurvivalData.Create(times, events), new SurvivalSummaryOptions { RmstTau = tau, LandmarkTimes = [0, 100] });

    [Fact]
    public void Tied_deaths_count_together()
    {
        // Act
        var curve = Summarize([2, 2, 2, 5], [true, true, true, true]).Curve;

        // Assert: one row at 2 with 3 of 4 dying.
        Assert.Equal([2, 5], curve.Times.ToArray());
        Assert.Equal(3, curve.Events[0]);
        Assert.Equal(0.25, curve.Survival[0]);
        Assert.Equal(Math.Sqrt(3.0 / (4 * 1)), curve.StdErrLogSurvival[0], 15);
        Assert.Equal(0.75, curve.CumulativeHazard[0]);
        Assert.Equal(Math.Sqrt(3.0 / 16), curve.CumulativeHazardStdErr[0], 15);
    }

    [Fact]
    public void Censored_subject_tied_with_a_death_is_still_at_risk()
    {
        // Act
        var curve = Summarize([3, 3, 5], [true, false, true]).Curve;

        // Assert
        Assert.Equal(3, curve.AtRisk[0]);
        Assert.Equal((1, 1), (curve.Events[0], curve.Censored[0]));
        Assert.Equal(2.0 / 3, curve.Survival[0], 15);
        Assert.Equal(1, curve.AtRisk[1]);
    }

    [Fact]
    public void All_censored_curve_stays_at_one_and_reaches_no_quantile()
    {
        // Act
        var summary = Summarize([2, 4, 4, 7], [false, false, false, false], tau: 5);

        // Assert
        Assert.All(summary.Curve.Survival, s => Assert.Equal(1, s));
        Assert.All(summary.Curve.StdErrLogSurvival, s => Assert.Equal(0, s));
        Assert.All(summary.Quantiles, q => Assert.Equal((null, null, null), (q.Time, q.Lower, q.Upper)));
        Assert.Null(summary.Median.Time);
        Assert.Equal((1, 1), (summary.Band.Lower[0], summary.Band.Upper[0]));
        Assert.Equal((5, 0), (summary.Rmst!.Estimate, summary.Rmst.StdError));
    }

    [Fact]
    public void One_subject_with_an_event_drops_to_zero()
    {
        // Act
        var summary = Summarize([3.5], [true]);

        // Assert: S = 0 so neither its standard error nor any interval is estimable; the median is the event time.
        Assert.Equal(0, summary.Curve.Survival[0]);
        Assert.Null(summary.Curve.StdErrSurvival(0));
        Assert.Equal((null, null), (summary.Band.Lower[0], summary.Band.Upper[0]));
        Assert.Equal(3.5, summary.Median.Time);
        Assert.Equal((null, null), (summary.Median.Lower, summary.Median.Upper));
    }

    [Fact]
    public void One_censored_subject_has_survival_one_throughout()
    {
        // Act
        var summary = Summarize([3.5], [false]);

        // Assert
        Assert.Equal(1, summary.Curve.Survival[0]);
        Assert.Null(summary.Median.Time);
        Assert.Equal(0, summary.Landmarks[1].AtRisk);
    }

    [Fact]
    public void Curve_reaching_zero_keeps_a_finite_hazard_and_restricted_mean()
    {
        // Act
        var summary = Summarize([1, 2, 2, 3, 5, 8], [true, true, true, true, true, true], tau: 20);

        // Assert: R gives std.err Inf and rmean 3.5 with se 0.9646531 (checked in gen_flat_to_end).
        Assert.Equal(0, summary.Curve.Survival[^1]);
        Assert.True(double.IsPositiveInfinity(summary.Curve.StdErrLogSurvival[^1]));
        Assert.True(double.IsFinite(summary.Curve.CumulativeHazard[^1]));
        Assert.Equal(3.5, summary.Rmst!.Estimate, 12);
        Assert.Equal(0, summary.Landmarks[1].Survival);
        Assert.Null(summary.Landmarks[1].StdError);
    }

    [Fact]
    public void Event_at_time_zero_drops_the_curve_at_zero()
    {
        // Act
        var summary = Summarize([0, 1, 2], [true, false, true]);

        // Assert: the landmark at 0 already includes the death at 0.
        Assert.Equal(0, summary.Curve.Times[0]);
        Assert.Equal(2.0 / 3, summary.Curve.Survival[0], 15);
        Assert.Equal(2.0 / 3, summary.Landmarks[0].Survival, 15);
        Assert.Equal(3, summary.Landmarks[0].AtRisk);
    }

    [Fact]
    public void Flat_at_exactly_one_half_gives_the_midpoint_of_the_flat()
    {
        // Act: S = 3/4, 1/2, 1/4, 0 at 1, 2, 3, 4.
        var summary = Summarize([1, 2, 3, 4], [true, true, true, true]);

        // Assert
        Assert.Equal(2.5, summary.Median.Time);
        Assert.Equal([1.5, 2.5, 3.5], summary.Quantiles.Select(q => q.Time!.Value));
    }

    [Fact]
    public void Flat_at_one_half_to_the_last_follow_up_gives_the_midpoint_to_the_last_time()
    {
        // Act: S = 3/4, 1/2 from time 2 and censorings at 3 and 4.
        var summary = Summarize([1, 2, 3, 4], [true, true, false, false]);

        // Assert: R quantile() gives 3.
        Assert.Equal(3, summary.Median.Time);
    }

    [Fact]
    public void Group_with_no_events_is_summarized_alongside_others()
    {
        // Arrange
        var data = SurvivalData.Create([1, 2, 3, 4, 5, 6], [true, true, false, false, false, false]);
        var groups = Factor.Create(["b", "b", "a", "a", "a", "b"]);

        // Act
        var summaries = CohortSurvival.Summarize(data, groups, new SurvivalSummaryOptions());

        // Assert
        Assert.Equal(["a", "b"], summaries.Select(s => s.Group));
        Assert.Equal(0, summaries[0].Summary.Curve.TotalEvents);
        Assert.Null(summaries[0].Summary.Median.Time);
        Assert.Equal(2, summaries[1].Summary.Curve.TotalEvents);
    }

    [Fact]
    public void Times_differing_only_by_rounding_are_one_time_as_in_R()
    {
        // Act: 0.1 + 0.2 is 0.30000000000000004; 1e9 + 1 is within 1.5e-8 of 1e9 relative to the mean time.
        var nearZero = Summarize([0.1 + 0.2, 0.3, 2], [true, true, false]).Curve;
        var large = Summarize([1e9, 1e9 + 1, 2e9], [true, false, true]).Curve;

        // Assert: each run becomes its first (smallest) time, as R's aeqSurv.
        Assert.Equal([0.3, 2], nearZero.Times.ToArray());
        Assert.Equal(2, nearZero.Events[0]);
        Assert.Equal([1e9, 2e9], large.Times.ToArray());
        Assert.Equal((1, 1), (large.Events[0], large.Censored[0]));
    }
}
