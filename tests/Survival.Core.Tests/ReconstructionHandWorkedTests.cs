using Survival.Core.Curves;
using Survival.Core.Reconstruction;

namespace Survival.Core.Tests;

/// <summary>
/// Guyot et al. (2012) worked by hand on a cohort small enough to follow: ten patients, deaths at 1, 2, 2, 4 and 6,
/// censored at 3, 5, 7, 8 and 8; its curve read exactly at the corners of every drop, with the table every 2.
/// </summary>
public class ReconstructionHandWorkedTests
{
    // S: 1 → 0.9 at 1 (1 of 10) → 0.7 at 2 (2 of 9) → 0.58333 at 4 (1 of 6) → 0.4375 at 6 (1 of 4).
    private static readonly DigitizedPoint[] Corners =
    [
        new(1, 1), new(1, 0.9), new(2, 0.9), new(2, 0.7), new(4, 0.7), new(4, 0.7 * 5 / 6),
        new(6, 0.7 * 5 / 6), new(6, 0.7 * 5 / 6 * 3 / 4), new(8, 0.7 * 5 / 6 * 3 / 4),
    ];

    private static readonly AtRiskCount[] Table = [new(0, 10), new(2, 9), new(4, 6), new(6, 4), new(8, 2)];

    [Fact]
    public void Exact_corners_and_the_table_give_back_the_cohort()
    {
        // Arrange
        var curve = new PublishedCurve { Points = [.. Corners], AtRisk = [.. Table] };

        // Act
        var cohort = GuyotReconstruction.Rebuild(curve);

        // Assert: interval [2, 4) starts from c = round(9·0.7/0.9 − 6) = 1 censoring, spread to 2 + 2/2 = 3; and so on.
        Assert.Equal([1, 2, 2, 3, 4, 5, 6, 7, 8, 8], cohort.Times.ToArray());
        Assert.Equal([true, true, true, false, true, false, true, false, false, false], cohort.Events.ToArray());
        Assert.Equal(0, cohort.Quality.MaxAbsoluteDifference, 12);
        Assert.All(cohort.Quality.AtRisk, check => Assert.Equal(check.Given, check.Rebuilt));
    }

    [Fact]
    public void Points_in_any_order_give_the_same_patients()
    {
        // Arrange
        var ordered = new PublishedCurve { Points = [.. Corners], AtRisk = [.. Table] };
        var shuffled = ordered with { Points = [.. Corners.Reverse().Skip(3), .. Corners.Reverse().Take(3)] };

        // Act
        var (a, b) = (GuyotReconstruction.Rebuild(ordered), GuyotReconstruction.Rebuild(shuffled));

        // Assert
        Assert.Equal(a.Times.ToArray(), b.Times.ToArray());
        Assert.Equal(a.Events.ToArray(), b.Events.ToArray());
    }

    [Fact]
    public void A_table_that_starts_after_zero_starts_from_the_fewest_patients_the_curve_allows()
    {
        // Arrange: the table's first column is at 2, where S(2−) = 0.9 and 9 are at risk: n₀ = round(9/0.9) = 10.
        var curve = new PublishedCurve { Points = [.. Corners], AtRisk = [.. Table.Skip(1)] };

        // Act
        var cohort = GuyotReconstruction.Rebuild(curve);

        // Assert
        Assert.Equal(10, cohort.Subjects);
        Assert.Equal(new AtRiskCheck(0, null, 10), cohort.Quality.AtRisk[0]);
        Assert.Equal([1, 2, 2, 3, 4, 5, 6, 7, 8, 8], cohort.Times.ToArray());
    }

    [Fact]
    public void Without_a_table_the_patients_at_zero_and_the_events_decide_the_censoring()
    {
        // Arrange: Guyot's case with no numbers at risk: no censoring until the events match the published total.
        var withoutEvents = new PublishedCurve { Points = [.. Corners], Subjects = 10 };
        var withEvents = withoutEvents with { TotalEvents = 5 };

        // Act
        var (plain, matched) = (GuyotReconstruction.Rebuild(withoutEvents), GuyotReconstruction.Rebuild(withEvents));

        // Assert
        Assert.Equal(10, plain.Subjects);
        Assert.Equal(5, matched.EventCount);
        Assert.Equal(10, matched.Subjects);
        Assert.Equal(5, matched.Quality.TotalEventsGiven);
    }

    [Fact]
    public void The_curve_of_the_rebuilt_patients_passes_through_the_corners()
    {
        // Arrange
        var curve = new PublishedCurve { Points = [.. Corners], AtRisk = [.. Table], TotalEvents = 5 };

        // Act
        var km = KaplanMeier.Estimate(GuyotReconstruction.Rebuild(curve).ToSurvivalData());

        // Assert
        Assert.Equal([0.9, 0.7, 0.7 * 5 / 6, 0.7 * 5 / 6 * 3 / 4], km.Survival.Where((_, i) => km.Events[i] > 0).ToArray(), new ToleranceComparer(1e-12));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
