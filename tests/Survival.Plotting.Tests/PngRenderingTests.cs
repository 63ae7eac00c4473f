using ScottPlot;
using SkiaSharp;

namespace Survival.Plotting.Tests;

public class PngRenderingTests
{
    [Theory]
    [InlineData(800, 600)]
    [InlineData(640, 900)]
    [InlineData(1200, 500)]
    public void Png_has_the_signature_and_the_requested_size(int width, int height)
    {
        // Arrange
        var series = Samples.Groups("lung_sex");
        var options = new PlotOptions { Width = width, Height = height };

        // Act
        var image = SurvivalPlotRenderer.Render(series, options);

        // Assert
        using var png = new PngImage(image.Bytes.ToArray());
        Assert.Equal("image/png", image.ContentType);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal((width, height), (png.Width, png.Height));
    }

    [Fact]
    public void Default_size_is_800_wide_and_tall_enough_for_the_risk_table()
    {
        // Arrange
        var series = Samples.Groups("veteran_celltype");

        // Act
        var withoutTable = SurvivalPlotRenderer.Render(series, new PlotOptions { RiskTable = RiskTableStyle.None });
        var withTable = SurvivalPlotRenderer.Render(series, new PlotOptions { RiskTable = RiskTableStyle.KMunicate });

        // Assert
        Assert.Equal(800, withoutTable.Width);
        Assert.Equal(SurvivalFigure.DefaultHeightAboveTable, withoutTable.Height);
        Assert.True(withTable.Height > withoutTable.Height + 16 * 13, $"a 16-row table needs room; height {withTable.Height}");
    }

    [Fact]
    public void Curves_are_drawn_in_the_plot_area_and_counts_in_the_risk_table_area()
    {
        // Arrange
        using var figure = SurvivalFigure.Compose(Samples.Groups("lung_sex"), new PlotOptions(), null);

        // Act
        var image = figure.Encode(PlotImageFormat.Png);

        // Assert
        using var png = new PngImage(image.Bytes.ToArray());
        var data = figure.DataArea;
        var table = figure.RiskTableArea!.Value;
        Assert.True(data.Bottom <= table.Top, $"the table ({table}) must lie below the data area ({data})");
        Assert.True(table.Bottom <= image.Height, $"the table ({table}) must fit in the image");
        Assert.True(png.InkIn(data) > 0.02 * data.Width * data.Height, "the data area is nearly empty");
        Assert.True(png.InkIn(table) > 500, "the risk table area is nearly empty");
    }

    [Fact]
    public void Without_a_risk_table_nothing_is_drawn_below_the_axis()
    {
        // Arrange
        using var figure = SurvivalFigure.Compose(Samples.Groups("lung_sex"), new PlotOptions { RiskTable = RiskTableStyle.None }, null);

        // Act
        figure.Encode(PlotImageFormat.Png);

        // Assert
        Assert.Null(figure.RiskTableArea);
    }

    [Theory]
    [InlineData("lung_sex", new[] { "#0072B2", "#D55E00" })]
    [InlineData("veteran_celltype", new[] { "#0072B2", "#D55E00", "#009E73", "#CC79A7" })]
    public void Each_group_is_drawn_in_its_okabe_ito_colour(string referenceSet, string[] colours)
    {
        // Arrange
        var series = Samples.Groups(referenceSet);

        // Act
        var image = SurvivalPlotRenderer.Render(series, new PlotOptions());

        // Assert
        using var png = new PngImage(image.Bytes.ToArray());
        foreach (var colour in colours)
            Assert.True(png.CountNear(SKColor.Parse(colour)) > 100, $"too few pixels of {colour}");
    }

    [Fact]
    public void The_curve_starts_at_survival_one_at_time_zero()
    {
        // Arrange
        var series = Samples.SevenPatientOs();
        using var figure = SurvivalFigure.Compose(series, new PlotOptions { ConfidenceBand = false, CensorMarks = false }, null);

        // Act
        var image = figure.Encode(PlotImageFormat.Png);

        // Assert: the pixel where (0, 1) lands is the curve's colour.
        using var png = new PngImage(image.Bytes.ToArray());
        var origin = figure.PixelOf(new Coordinates(0, 1));
        var pixel = png[(int)origin.X + 2, (int)Math.Round(origin.Y)];
        Assert.True(pixel.Blue > 120 && pixel.Red < 120, $"expected the blue curve at {origin}, found {pixel}");
    }

    [Fact]
    public void Rendering_twice_gives_identical_bytes()
    {
        // Arrange
        var series = Samples.Groups("lung_sex");

        // Act
        var png1 = SurvivalPlotRenderer.Render(series, Samples.Everything, Samples.LungAnnotations);
        var png2 = SurvivalPlotRenderer.Render(series, Samples.Everything, Samples.LungAnnotations);
        var svg1 = SurvivalPlotRenderer.Render(series, Samples.Everything with { Format = PlotImageFormat.Svg }, Samples.LungAnnotations);
        var svg2 = SurvivalPlotRenderer.Render(series, Samples.Everything with { Format = PlotImageFormat.Svg }, Samples.LungAnnotations);

        // Assert
        Assert.Equal(png1.Bytes.ToArray(), png2.Bytes.ToArray());
        Assert.Equal(svg1.Bytes.ToArray(), svg2.Bytes.ToArray());
    }

    [Fact]
    public void Renders_on_many_threads_at_once_are_identical()
    {
        // Arrange
        var series = Samples.Groups("veteran_celltype");
        var expected = SurvivalPlotRenderer.Render(series, Samples.Everything with { ShowHazardRatio = false }, Samples.LungAnnotations).Bytes.ToArray();

        // Act
        var images = Enumerable.Range(0, 8).AsParallel()
            .Select(_ => SurvivalPlotRenderer.Render(series, Samples.Everything with { ShowHazardRatio = false }, Samples.LungAnnotations).Bytes.ToArray())
            .ToArray();

        // Assert
        Assert.All(images, bytes => Assert.Equal(expected, bytes));
    }
}
