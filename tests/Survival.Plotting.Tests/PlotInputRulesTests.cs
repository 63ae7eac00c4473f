using Survival.Core;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Plotting.Tests;

public class PlotInputRulesTests
{
    private static readonly IReadOnlyList<PlotSeries> Lung = Samples.Groups("lung_sex");

    public static TheoryData<PlotOptions, string> BrokenOptions() => new()
    {
        { new PlotOptions { Width = 100 }, nameof(PlotOptions.Width) },
        { new PlotOptions { Height = -1 }, nameof(PlotOptions.Height) },
        { new PlotOptions { Height = 9000 }, nameof(PlotOptions.Height) },
        { new PlotOptions { FontScale = -1 }, nameof(PlotOptions.FontScale) },
        { new PlotOptions { FontScale = double.NaN }, nameof(PlotOptions.FontScale) },
        { new PlotOptions { XMin = -5 }, nameof(PlotOptions.XMin) },
        { new PlotOptions { XMax = double.PositiveInfinity }, nameof(PlotOptions.XMax) },
        { new PlotOptions { XMin = 300, XMax = 200 }, nameof(PlotOptions.XMax) },
        { new PlotOptions { XTickStep = 0 }, nameof(PlotOptions.XTickStep) },
        { new PlotOptions { XMax = 1000, XTickStep = 1 }, nameof(PlotOptions.XTickStep) },
        { new PlotOptions { XTickStep = 1 }, nameof(PlotOptions.XTickStep) },
        { new PlotOptions { Format = (PlotImageFormat)7 }, nameof(PlotOptions.Format) },
        { new PlotOptions { RiskTable = (RiskTableStyle)7 }, nameof(PlotOptions.RiskTable) },
        { new PlotOptions { Title = new string('x', PlotInputRules.MaximumTextLength + 1) }, nameof(PlotOptions.Title) },
        { new PlotOptions { Caption = new string('x', PlotInputRules.MaximumTextLength + 1) }, nameof(PlotOptions.Caption) },
    };

    [Theory]
    [MemberData(nameof(BrokenOptions))]
    public void Broken_options_are_rejected_naming_the_option(PlotOptions options, string name)
    {
        // Act
        var error = Assert.Throws<InputRuleException>(() => SurvivalPlotRenderer.Render(Lung, options));

        // Assert
        Assert.Equal(name, error.Input);
    }

    [Fact]
    public void Annotations_that_are_not_estimable_print_as_such()
    {
        // Act: asked for, but with no values (a test or model without events has none).
        var image = SurvivalPlotRenderer.Render(Lung, new PlotOptions { Format = PlotImageFormat.Svg, ShowPValue = true, ShowHazardRatio = true });

        // Assert
        var svg = System.Text.Encoding.UTF8.GetString(image.Bytes.Span);
        Assert.Contains("Log-rank p not estimable", svg);
        Assert.Contains("HR not estimable", svg);
    }

    [Fact]
    public void Hazard_ratio_needs_exactly_two_groups()
    {
        // Arrange
        var fourGroups = Samples.Groups("veteran_celltype");
        var annotations = new PlotAnnotations(HazardRatio: new HazardRatioAnnotation(0.5, 0.4, 0.7));

        // Act
        var error = Assert.Throws<InputRuleException>(() =>
            SurvivalPlotRenderer.Render(fourGroups, new PlotOptions { ShowHazardRatio = true }, annotations));

        // Assert
        Assert.Equal(nameof(PlotOptions.ShowHazardRatio), error.Input);
    }

    [Fact]
    public void A_p_value_outside_zero_one_is_rejected()
    {
        // Act
        var error = Assert.Throws<InputRuleException>(() =>
            SurvivalPlotRenderer.Render(Lung, new PlotOptions { ShowPValue = true }, new PlotAnnotations(1.5)));

        // Assert
        Assert.Equal(nameof(PlotOptions.ShowPValue), error.Input);
    }

    [Fact]
    public void Broken_series_are_rejected()
    {
        // Arrange
        var curve = Lung[0].Curve;
        var shortBand = new ConfidenceBand(ConfidenceType.Log, ConfidenceLevel.Default, [0.5], [0.9]);
        IReadOnlyList<PlotSeries>[] broken =
        [
            [],
            [new PlotSeries(" ", curve)],
            [new PlotSeries("a", curve), new PlotSeries("a", curve)],
            [new PlotSeries("a", curve, shortBand)],
            [new PlotSeries("a", curve, MedianTime: double.NaN)],
            Enumerable.Range(0, 5).Select(i => new PlotSeries($"g{i}", curve)).ToArray(),
        ];

        foreach (var series in broken)
        {
            // Act
            var error = Assert.Throws<InputRuleException>(() =>
                SurvivalPlotRenderer.Render(series, new PlotOptions { Palette = Palette.Grayscale }));

            // Assert
            Assert.Equal("series", error.Input);
        }
    }

    [Fact]
    public void Zero_means_default_for_size_and_font_scale()
    {
        // Act
        var image = SurvivalPlotRenderer.Render(Lung, new PlotOptions { Width = 0, Height = 0, FontScale = 0, RiskTable = RiskTableStyle.None });

        // Assert
        Assert.Equal((SurvivalFigure.DefaultWidth, SurvivalFigure.DefaultHeightAboveTable), (image.Width, image.Height));
    }
}
