namespace Survival.Plotting.Tests;

public class AxisScaleTests
{
    [Theory]
    [InlineData(51, 10)]
    [InlineData(1022, 200)]
    [InlineData(999, 200)]
    [InlineData(43, 10)]
    [InlineData(1, 0.2)]
    [InlineData(0.07, 0.02)]
    public void Nice_step_gives_about_five_round_intervals(double span, double step)
    {
        // Act
        var nice = AxisTicks.NiceStep(span);

        // Assert
        Assert.Equal(step, nice, 12);
    }

    [Fact]
    public void Multiples_have_no_floating_point_residue()
    {
        // Act
        var ticks = AxisTicks.Multiples(0, 1, 0.1);

        // Assert
        Assert.Equal([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], ticks);
    }

    [Theory]
    [InlineData(0.5, new[] { "0.0", "0.5", "1.0", "1.5" })]
    [InlineData(2.5, new[] { "0.0", "2.5", "5.0", "7.5" })]
    [InlineData(200, new[] { "0", "200", "400", "600" })]
    [InlineData(0.25, new[] { "0.00", "0.25", "0.50", "0.75" })]
    public void Labels_carry_the_decimals_of_the_step_on_every_tick(double step, string[] expected)
    {
        // Act
        var labels = AxisTicks.Labels(AxisTicks.Multiples(0, 3 * step, step), step);

        // Assert
        Assert.Equal(expected, labels);
    }

    [Fact]
    public void Time_axis_ends_at_the_last_time_or_a_tick_within_a_quarter_step()
    {
        // Arrange: veteran ends at 999 (next tick 1000), lung at 1022 (next tick 1200).
        var veteran = Samples.Groups("veteran_celltype");
        var lung = Samples.Groups("lung_sex");

        // Act
        var veteranAxis = AxisScale.Time(veteran, new PlotOptions());
        var lungAxis = AxisScale.Time(lung, new PlotOptions());

        // Assert
        Assert.Equal(1000, veteranAxis.Max);
        Assert.Equal([0.0, 200, 400, 600, 800, 1000], veteranAxis.Ticks);
        Assert.Equal(1022, lungAxis.Max);
        Assert.Equal([0.0, 200, 400, 600, 800, 1000], lungAxis.Ticks);
    }

    [Fact]
    public void Time_axis_honours_xmin_xmax_and_tick_step()
    {
        // Act
        var axis = AxisScale.Time(Samples.Groups("lung_sex"), new PlotOptions { XMin = 100, XMax = 700, XTickStep = 150 });

        // Assert
        Assert.Equal((100.0, 700.0), (axis.Min, axis.Max));
        Assert.Equal([150.0, 300, 450, 600], axis.Ticks);
        Assert.Equal(["150", "300", "450", "600"], axis.Labels);
    }

    [Theory]
    [InlineData(ProbabilityScale.Proportion, new[] { "0.00", "0.25", "0.50", "0.75", "1.00" })]
    [InlineData(ProbabilityScale.Percent, new[] { "0%", "25%", "50%", "75%", "100%" })]
    public void Probability_axis_runs_from_zero_to_one_in_quarters(ProbabilityScale scale, string[] labels)
    {
        // Act
        var axis = AxisScale.Value(CurveKind.Survival, scale, 1);

        // Assert
        Assert.Equal((0.0, 1.0), (axis.Min, axis.Max));
        Assert.Equal(labels, axis.Labels);
    }

    [Fact]
    public void Hazard_axis_reaches_the_first_round_tick_above_the_largest_value_and_ignores_percent()
    {
        // Act
        var axis = AxisScale.Value(CurveKind.CumulativeHazard, ProbabilityScale.Percent, 2.3);

        // Assert
        Assert.Equal(2.5, axis.Max);
        Assert.Equal(["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"], axis.Labels);
    }
}
