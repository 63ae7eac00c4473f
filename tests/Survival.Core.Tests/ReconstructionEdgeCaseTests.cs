using Survival.Core.Reconstruction;

namespace Survival.Core.Tests;

/// <summary>What real figures have: noise, a flat tail past the table, points that rise, a table inconsistent with the curve.</summary>
public class ReconstructionEdgeCaseTests
{
    /// <summary>
    /// 200 patients; 4 die each month for 24 months and 2 are censored every 4 months, so 92 remain at S = 0.504 and
    /// nobody dies after: a flat tail to 60 months, read every month with a reader's ±0.004 wobble, and no numbers at
    /// risk after 24. The table counts those at risk at 0, 12 and 24, the deaths at those times included.
    /// </summary>
    private static PublishedCurve FlatTail()
    {
        var points = new List<DigitizedPoint>();
        var table = new List<AtRiskCount> { new(0, 200) };
        var (s, n) = (1.0, 200);
        for (var month = 1; month <= 24; month++)
        {
            if (month % 12 == 0) table.Add(new AtRiskCount(month, n));
            points.Add(new DigitizedPoint(month, s));
            s *= 1 - 4.0 / n;
            points.Add(new DigitizedPoint(month, s));
            n -= 4 + (month % 4 == 0 ? 2 : 0);
        }
        for (var month = 25; month <= 60; month++) points.Add(new DigitizedPoint(month, s + 0.004 * Math.Sin(month * 2.3)));
        return new PublishedCurve { Points = [.. points], AtRisk = [.. table], TotalEvents = 96 };
    }

    [Fact]
    public void A_flat_tail_read_with_noise_gets_no_fabricated_deaths()
    {
        // Act
        var cohort = GuyotReconstruction.Rebuild(FlatTail());

        // Assert
        Assert.DoesNotContain(cohort.Times.Where((t, i) => cohort.Events[i]), t => t > 24.5);
        Assert.Equal(96, cohort.EventCount);
    }

    [Fact]
    public void A_running_minimum_ratchets_a_noisy_flat_tail_down_into_deaths()
    {
        // Act: the correction that lowers each point to the lowest read before it.
        var cohort = GuyotReconstruction.Rebuild(FlatTail(), MonotoneFix.RunningMinimum);

        // Assert: why the isotonic fit is the default.
        Assert.Contains(cohort.Times.Where((t, i) => cohort.Events[i]), t => t > 24.5);
    }

    [Fact]
    public void Points_that_rise_are_counted_and_pooled()
    {
        // Arrange: the second reading at 3 is above the first.
        var curve = new PublishedCurve
        {
            Points = [new(1, 1), new(1, 0.8), new(3, 0.79), new(3.2, 0.81), new(5, 0.6), new(6, 0.6)],
            Subjects = 10,
        };

        // Act
        var cohort = GuyotReconstruction.Rebuild(curve);

        // Assert: 0.79 and 0.81 pool to 0.80, no death between 1 and 5.
        Assert.Equal(2, cohort.Quality.PointsMadeMonotone);
        Assert.Equal([1, 1, 5, 5], cohort.Times.Where((_, i) => cohort.Events[i]).ToArray());
    }

    [Fact]
    public void Points_at_time_zero_are_the_start_of_the_curve()
    {
        // Arrange: a reader's 0.995 at 0 must not kill one of 200 at time 0.
        var curve = new PublishedCurve { Points = [new(0, 0.995), new(0, 1), new(2, 1), new(2, 0.5), new(4, 0.5)], Subjects = 200 };

        // Act
        var cohort = GuyotReconstruction.Rebuild(curve);

        // Assert
        Assert.DoesNotContain(cohort.Times.Where((t, i) => cohort.Events[i]), t => t == 0);
        Assert.Equal(100, cohort.EventCount);
    }

    [Fact]
    public void A_table_past_the_last_point_extends_the_curve_flat()
    {
        // Arrange: the reader stopped at 5, the table still counts 3 at risk at 6.
        var curve = new PublishedCurve
        {
            Points = [new(1, 1), new(1, 0.8), new(5, 0.8)],
            AtRisk = [new(0, 10), new(3, 6), new(6, 3)],
        };

        // Act
        var cohort = GuyotReconstruction.Rebuild(curve);

        // Assert
        Assert.Equal(2, cohort.EventCount);
        Assert.Equal(new AtRiskCheck(6, 3, 3), cohort.Quality.AtRisk[^1]);
        Assert.Equal(6, cohort.Times[^1]);
    }

    [Fact]
    public void A_curve_that_falls_to_zero_leaves_nobody()
    {
        // Act
        var cohort = GuyotReconstruction.Rebuild(new PublishedCurve { Points = [new(1, 1), new(1, 0.5), new(2, 0.5), new(2, 0)], Subjects = 4 });

        // Assert
        Assert.Equal([1, 1, 2, 2], cohort.Times.ToArray());
        Assert.All(cohort.Events, Assert.True);
    }

    [Fact]
    public void The_same_input_always_gives_the_same_patients()
    {
        // Act
        var (a, b) = (GuyotReconstruction.Rebuild(FlatTail()), GuyotReconstruction.Rebuild(FlatTail()));

        // Assert
        Assert.Equal(a.Times.ToArray(), b.Times.ToArray());
        Assert.Equal(a.Events.ToArray(), b.Events.ToArray());
        Assert.Equal(a.Quality.MaxAbsoluteDifference, b.Quality.MaxAbsoluteDifference);
    }

    public static TheoryData<string, PublishedCurve, string, string> BadCurves() => new()
    {
        { "one point", new PublishedCurve { Points = [new(1, 0.5)], Subjects = 5 }, "points", "at least two" },
        { "negative time", new PublishedCurve { Points = [new(-1, 1), new(2, 0.5)], Subjects = 5 }, "points[0].time", "≥ 0" },
        { "survival above one", new PublishedCurve { Points = [new(1, 1), new(2, 50)], Subjects = 5 }, "points[1].survival", "divide percentages by 100" },
        { "no table and no patients", new PublishedCurve { Points = [new(1, 1), new(2, 0.5)] }, "subjects", "is required" },
        {
            "a table that increases",
            new PublishedCurve { Points = [new(1, 1), new(2, 0.5)], AtRisk = [new(0, 10), new(1, 12)] },
            "at_risk[1].at_risk", "can only fall"
        },
        {
            "table times out of order",
            new PublishedCurve { Points = [new(1, 1), new(2, 0.5)], AtRisk = [new(0, 10), new(3, 8), new(2, 6)] },
            "at_risk[2].time", "later than at_risk[1].time"
        },
        {
            "patients unlike the table at zero",
            new PublishedCurve { Points = [new(1, 1), new(2, 0.5)], AtRisk = [new(0, 10)], Subjects = 12 },
            "subjects", "must equal at_risk[0].at_risk (10)"
        },
        {
            "more events than patients",
            new PublishedCurve { Points = [new(1, 1), new(2, 0.5)], Subjects = 5, TotalEvents = 6 },
            "total_events", "at most the number of patients (5)"
        },
        {
            // The curve halves between 0 and 4, yet 9 of 10 are still at risk at 4: at most 10·(0.5 + 0.02) + 1 can be.
            "a table inconsistent with the curve",
            new PublishedCurve { Points = [new(1, 1), new(1, 0.5), new(6, 0.5)], AtRisk = [new(0, 10), new(4, 9)] },
            "at_risk[1].at_risk", "cannot follow at_risk[0] (10 at 0): the curve falls from 1 to 0.5 between them, so at most 6 can remain at risk at 4"
        },
    };

    [Theory]
    [MemberData(nameof(BadCurves))]
    public void Bad_input_names_the_value_and_what_is_allowed(string _, PublishedCurve curve, string input, string requirement)
    {
        // Act
        var error = Assert.Throws<InputRuleException>(() => GuyotReconstruction.Rebuild(curve));

        // Assert
        Assert.Equal(input, error.Input);
        Assert.Contains(requirement, error.Requirement);
    }
}
