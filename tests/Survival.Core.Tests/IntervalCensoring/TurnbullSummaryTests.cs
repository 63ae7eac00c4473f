using Survival.Core.Curves;
using Survival.Core.IntervalCensoring;
using Survival.TestSupport;

namespace Survival.Core.Tests.IntervalCensoring;

/// <summary>The bootstrap, quantiles, landmarks and counts under observation of <see cref="TurnbullSummary"/>.</summary>
public sealed class TurnbullSummaryTests
{
    [Fact]
    public void Same_seed_gives_the_same_standard_errors_and_another_seed_others()
    {
        // Arrange
        var data = IntervalReference.Named("breast_cosmesis").Data("Rad");
        var options = new IntervalSummaryOptions { BootstrapReplicates = 100, BootstrapSeed = 7 };

        // Act
        var first = TurnbullSummary.Summarize(data, options);
        var second = TurnbullSummary.Summarize(data, options);
        var other = TurnbullSummary.Summarize(data, options with { BootstrapSeed = 8 });

        // Assert
        Assert.Equal(first.StdError.ToArray(), second.StdError.ToArray());
        Assert.NotEqual(first.StdError.ToArray(), other.StdError.ToArray());
        Assert.Equal(100, first.BootstrapReplicates);
    }

    /// <summary>
    /// On right-censored data the bootstrap standard error estimates the same quantity as Greenwood's formula (R's
    /// <c>survfit</c> std.err × surv): within 15% of it at every event time before the last few, with 2000 replicates.
    /// </summary>
    [Fact]
    public void Bootstrap_standard_error_agrees_with_Greenwood_on_right_censored_data()
    {
        // Arrange
        var set = ReferenceSet.Named("lung_sex");
        var (times, events, _) = set.Subset("male");
        var data = IntervalCensoredData.FromSubjects(times, [.. times.Select((t, i) => events[i] ? t : double.PositiveInfinity)]);
        var curve = KaplanMeier.Estimate(set.SubsetData("male"));

        // Act
        var summary = TurnbullSummary.Summarize(data, new IntervalSummaryOptions { BootstrapReplicates = 2000 });

        // Assert
        var estimate = summary.Estimate;
        var checkedPoints = 0;
        for (var k = 0; k < estimate.Mass.Length; k++)
        {
            if (estimate.SurvivalAfter[k] < 0.2) break;
            var row = curve.RowAtOrBefore(estimate.Right[k]);
            var greenwood = curve.StdErrSurvival(row)!.Value;
            Assert.InRange(summary.StdError[k]!.Value / greenwood, 0.85, 1.15);
            checkedPoints++;
        }
        Assert.True(checkedPoints > 20);
    }

    [Fact]
    public void Median_inside_a_Turnbull_interval_is_not_identified_and_gives_the_interval()
    {
        // Arrange: three subjects with disjoint intervals; S falls from 2/3 to 1/3 inside (4, 6].
        var data = IntervalCensoredData.FromSubjects([1, 4, 8], [2, 6, 9]);

        // Act
        var median = TurnbullSummary.Summarize(data, new IntervalSummaryOptions { BootstrapReplicates = 0 }).Median;

        // Assert
        Assert.True(median.Reached);
        Assert.False(median.Identified);
        Assert.Null(median.Time);
        Assert.Equal(4, median.RangeStart);
        Assert.Equal(6, median.RangeEnd);
    }

    [Fact]
    public void Median_at_an_exact_time_is_identified()
    {
        // Arrange: S falls from 2/3 to 1/3 at the exactly observed time 5.
        var data = IntervalCensoredData.FromSubjects([1, 5, 8], [2, 5, 9]);

        // Act
        var median = TurnbullSummary.Summarize(data, new IntervalSummaryOptions { BootstrapReplicates = 0 }).Median;

        // Assert
        Assert.True(median.Identified);
        Assert.Equal(5, median.Time);
    }

    [Fact]
    public void Landmark_inside_an_interval_gives_the_range_and_outside_the_value()
    {
        // Arrange
        var data = IntervalCensoredData.FromSubjects([1, 4, 8], [2, 6, 9]);
        var options = new IntervalSummaryOptions { BootstrapReplicates = 0, LandmarkTimes = [5, 7] };

        // Act
        var landmarks = TurnbullSummary.Summarize(data, options).Landmarks;

        // Assert
        Assert.Null(landmarks[0].Survival);
        Assert.Equal(2.0 / 3, landmarks[0].SurvivalUpper, 1e-12);
        Assert.Equal(1.0 / 3, landmarks[0].SurvivalLower, 1e-12);
        Assert.Equal(1.0 / 3, landmarks[1].Survival!.Value, 1e-12);
        Assert.Equal(1, landmarks[1].UnderObservation);
    }

    [Fact]
    public void Under_observation_counts_subjects_whose_last_assessment_is_at_or_after_the_time()
    {
        // Arrange: last assessments 2, 6, 9 and a right-censored subject last seen at 7.
        var data = IntervalCensoredData.FromSubjects([1, 4, 8, 7], [2, 6, 9, double.PositiveInfinity]);

        // Act
        var summary = TurnbullSummary.Summarize(data, new IntervalSummaryOptions { BootstrapReplicates = 0 });

        // Assert
        Assert.Equal(4, summary.UnderObservationAt(0));
        Assert.Equal(3, summary.UnderObservationAt(3));
        Assert.Equal(2, summary.UnderObservationAt(7));
        Assert.Equal(1, summary.UnderObservationAt(8));
        Assert.Equal(0, summary.UnderObservationAt(10));
    }

    [Fact]
    public void Quantile_interval_brackets_the_estimate()
    {
        // Arrange
        var data = IntervalReference.Named("visit_schedule").Data("control");

        // Act
        var median = TurnbullSummary.Summarize(data, new IntervalSummaryOptions { BootstrapReplicates = 200 }).Median;

        // Assert
        Assert.True(median.Reached, $"{median}");
        Assert.True(median.Lower <= (median.Time ?? median.RangeStart), $"{median}");
        Assert.True(median.Upper >= (median.Time ?? median.RangeEnd), $"{median}");
    }
}
