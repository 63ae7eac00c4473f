using ScottPlot;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Plotting.Tests;

public class SeriesGeometryTests
{
    // Times 2 (event), 3 (censored), 5 (event), 7 (censored): S = 1, 3/4, 3/4, 3/8, 3/8 at 0, 2, 3, 5, 7.
    private static readonly KaplanMeierCurve Curve = Samples.Curve((2, true), (3, false), (5, true), (7, false));

    [Fact]
    public void Survival_is_a_right_continuous_step_line_from_zero_one_to_the_last_time()
    {
        // Act
        var geometry = SeriesGeometry.Of(new PlotSeries("g", Curve), CurveKind.Survival, withBand: false);

        // Assert
        Coordinates[] expected = [new(0, 1), new(2, 1), new(2, 0.75), new(5, 0.75), new(5, 0.375), new(7, 0.375)];
        Assert.Equal(expected, geometry.Line);
    }

    [Fact]
    public void Cumulative_incidence_rises_from_zero_as_one_minus_survival()
    {
        // Act
        var geometry = SeriesGeometry.Of(new PlotSeries("g", Curve), CurveKind.CumulativeIncidence, withBand: false);

        // Assert
        Coordinates[] expected = [new(0, 0), new(2, 0), new(2, 0.25), new(5, 0.25), new(5, 0.625), new(7, 0.625)];
        Assert.Equal(expected, geometry.Line);
    }

    [Fact]
    public void Cumulative_hazard_is_nelson_aalen_and_has_no_band()
    {
        // Arrange: H = 1/4 at 2, 1/4 + 1/2 at 5.
        var band = ConfidenceBand.Compute(Curve, ConfidenceType.Log, ConfidenceLevel.Default);

        // Act
        var geometry = SeriesGeometry.Of(new PlotSeries("g", Curve, band), CurveKind.CumulativeHazard, withBand: true);

        // Assert
        Coordinates[] expected = [new(0, 0), new(2, 0), new(2, 0.25), new(5, 0.25), new(5, 0.75), new(7, 0.75)];
        Assert.Equal(expected, geometry.Line);
        Assert.Empty(geometry.Band);
    }

    [Fact]
    public void An_event_at_time_zero_drops_the_curve_at_zero()
    {
        // Arrange
        var curve = Samples.Curve((0, true), (4, true));

        // Act
        var geometry = SeriesGeometry.Of(new PlotSeries("g", curve), CurveKind.Survival, withBand: false);

        // Assert
        Coordinates[] expected = [new(0, 1), new(0, 0.5), new(4, 0.5), new(4, 0)];
        Assert.Equal(expected, geometry.Line);
    }

    [Fact]
    public void Censor_marks_sit_on_the_curve_at_censoring_times()
    {
        // Act
        var geometry = SeriesGeometry.Of(new PlotSeries("g", Curve), CurveKind.Survival, withBand: false);

        // Assert
        Assert.Equal([new Coordinates(3, 0.75), new Coordinates(7, 0.375)], geometry.CensorMarks);
    }

    [Fact]
    public void Band_is_step_shaped_each_row_holding_until_the_next_time()
    {
        // Arrange
        var band = ConfidenceBand.Compute(Curve, ConfidenceType.Log, ConfidenceLevel.Default);

        // Act
        var geometry = SeriesGeometry.Of(new PlotSeries("g", Curve, band), CurveKind.Survival, withBand: true);

        // Assert
        Assert.Equal([2.0, 3, 5, 7], geometry.Band.Select(s => s.Start));
        Assert.Equal([3.0, 5, 7, 7], geometry.Band.Select(s => s.End));
        Assert.Equal(band.Lower, geometry.Band.Select(s => (double?)s.Lower));
        var polygon = Assert.Single(geometry.BandPolygons());
        // Only horizontal and vertical edges: a step shape, never a diagonal.
        for (var i = 0; i < polygon.Length; i++)
        {
            var (a, b) = (polygon[i], polygon[(i + 1) % polygon.Length]);
            Assert.True(a.X == b.X || a.Y == b.Y, $"diagonal edge {a} → {b}");
        }
    }

    [Fact]
    public void Band_incidence_bounds_are_one_minus_the_survival_bounds_swapped()
    {
        // Arrange
        var band = ConfidenceBand.Compute(Curve, ConfidenceType.Log, ConfidenceLevel.Default);

        // Act
        var geometry = SeriesGeometry.Of(new PlotSeries("g", Curve, band), CurveKind.CumulativeIncidence, withBand: true);

        // Assert
        Assert.Equal(band.Upper.Select(u => 1 - u!.Value), geometry.Band.Select(s => s.Lower));
        Assert.Equal(band.Lower.Select(l => 1 - l!.Value), geometry.Band.Select(s => s.Upper));
    }

    [Fact]
    public void Band_breaks_where_a_bound_is_not_estimable()
    {
        // Arrange: known, unknown, known.
        var curve = Samples.Curve((1, false), (2, true), (3, true), (4, false));
        var band = new ConfidenceBand(ConfidenceType.Log, ConfidenceLevel.Default, [0.9, null, 0.2, 0.1], [1.0, null, 0.8, 0.7]);

        // Act
        var polygons = SeriesGeometry.Of(new PlotSeries("g", curve, band), CurveKind.Survival, withBand: true).BandPolygons().ToArray();

        // Assert
        Assert.Equal(2, polygons.Length);
        Assert.Equal((1.0, 2.0), (polygons[0].Min(p => p.X), polygons[0].Max(p => p.X)));
        Assert.Equal((3.0, 4.0), (polygons[1].Min(p => p.X), polygons[1].Max(p => p.X)));
    }
}
