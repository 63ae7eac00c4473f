using Survival.Plotting;

namespace Survival.Plotting.Tests;

/// <summary>The forest plot renders deterministically in both formats and rejects rows it cannot draw.</summary>
public class ForestPlotRendererTests
{
    private static readonly ForestRow[] Rows =
    [
        new("celltype: adeno", null, null, null, null, "reference"),
        new("celltype: large", 0.46, 0.257, 0.824, 0.009, null),
        new("karno", 0.968, 0.958, 0.978, 1e-9, null),
    ];

    [Fact]
    public void Same_rows_give_the_same_png_bytes()
    {
        // Act
        var first = ForestPlotRenderer.Render(Rows, new PlotOptions(), 0.95);
        var second = ForestPlotRenderer.Render(Rows, new PlotOptions(), 0.95);

        // Assert
        Assert.Equal("image/png", first.ContentType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], first.Bytes.ToArray()[..4]);
        Assert.Equal(first.Bytes.ToArray(), second.Bytes.ToArray());
    }

    [Fact]
    public void Svg_names_the_reference_level_and_prints_the_estimates()
    {
        // Act
        var svg = System.Text.Encoding.UTF8.GetString(ForestPlotRenderer.Render(Rows, new PlotOptions { Format = PlotImageFormat.Svg }, 0.95).Bytes.Span);

        // Assert
        Assert.Contains("reference", svg);
        Assert.Contains("0.46 (0.26 to 0.82)", svg);
        Assert.Contains("p &lt; 0.001", svg.Replace("p < 0.001", "p &lt; 0.001"));
    }

    [Fact]
    public void A_non_positive_ratio_is_rejected()
    {
        // Act and Assert
        Assert.Throws<ArgumentException>(() => ForestPlotRenderer.Render([new ForestRow("x", 0, 0, 1, 0.5, null)], new PlotOptions(), 0.95));
        Assert.Throws<ArgumentException>(() => ForestPlotRenderer.Render([], new PlotOptions(), 0.95));
    }
}
