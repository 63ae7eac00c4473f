using System.Xml.Linq;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Plotting.Tests;

/// <summary>The simultaneous band drawn apart from the pointwise one: over its range only, beneath it, and named in the legend.</summary>
public class SimultaneousBandPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // The seven patients' OS: deaths at 9 and 14 months, the last patient censored at 51.
    private static readonly KaplanMeierCurve Seven = Samples.Curve((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false));

    private static PlotSeries SevenWithBands()
    {
        var band = ConfidenceBand.Compute(Seven, ConfidenceType.BetaProduct, ConfidenceLevel.Default);
        var simultaneous = SimultaneousConfidenceBand.Estimate(Seven, new SimultaneousBandOptions { Method = SimultaneousBandMethod.HallWellner }, ConfidenceLevel.Default);
        return new PlotSeries("All", Seven, band) { SimultaneousBand = simultaneous };
    }

    [Fact]
    public void The_simultaneous_band_covers_its_range_only()
    {
        // Act
        var geometry = SeriesGeometry.Of(SevenWithBands(), CurveKind.Survival, withBand: true);

        // Assert: Hall–Wellner over the first to the last death with survivors after it, 9 to 14 months; the pointwise
        // band runs on to 51.
        Assert.Equal(9, geometry.SimultaneousBand.Min(s => s.Start));
        Assert.Equal(14, geometry.SimultaneousBand.Max(s => s.End));
        Assert.Equal(51, geometry.Band.Max(s => s.End));
        Assert.Equal(2, geometry.SimultaneousBandEdges().Count());
    }

    [Fact]
    public void No_band_asked_for_draws_no_simultaneous_band()
    {
        var geometry = SeriesGeometry.Of(SevenWithBands(), CurveKind.Survival, withBand: false);

        Assert.Empty(geometry.SimultaneousBand);
    }

    [Fact]
    public void The_legend_names_both_shadings()
    {
        // Act
        var image = SurvivalPlotRenderer.Render([SevenWithBands()], new PlotOptions { Format = PlotImageFormat.Svg, TimeUnit = "months" });

        // Assert
        var texts = XDocument.Parse(System.Text.Encoding.UTF8.GetString(image.Bytes.Span)).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
        Assert.Contains("95% pointwise (beta product)", texts);
        Assert.Contains("95% simultaneous (Hall–Wellner, log-log, 9–14 months)", texts);
    }

    [Fact]
    public void Without_a_simultaneous_band_the_legend_lists_only_the_groups()
    {
        var series = new PlotSeries("All", Seven, ConfidenceBand.Compute(Seven, ConfidenceType.Log, ConfidenceLevel.Default));

        var image = SurvivalPlotRenderer.Render([series], new PlotOptions { Format = PlotImageFormat.Svg });

        var texts = XDocument.Parse(System.Text.Encoding.UTF8.GetString(image.Bytes.Span)).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
        Assert.DoesNotContain(texts, t => t.Contains("pointwise", StringComparison.Ordinal));
    }
}
