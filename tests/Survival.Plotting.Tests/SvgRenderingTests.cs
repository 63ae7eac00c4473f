using System.Text;
using System.Xml.Linq;

namespace Survival.Plotting.Tests;

public class SvgRenderingTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Svg_is_xml_with_one_stroked_path_per_group()
    {
        // Arrange
        var series = Samples.Groups("veteran_celltype");

        // Act
        var image = SurvivalPlotRenderer.Render(series, new PlotOptions { Format = PlotImageFormat.Svg, Width = 700, Height = 650 });

        // Assert
        var svg = Parse(image);
        Assert.Equal("image/svg+xml", image.ContentType);
        Assert.Equal("700", svg.Root!.Attribute("width")!.Value);
        Assert.Equal("650", svg.Root!.Attribute("height")!.Value);
        foreach (var colour in new[] { "#0072B2", "#D55E00", "#009E73", "#CC79A7" })
        {
            // The curve: the longest path stroked in the group's colour.
            var longest = svg.Descendants(Svg + "path")
                .Where(p => (string?)p.Attribute("stroke") == colour)
                .Max(p => ((string?)p.Attribute("d"))?.Length ?? 0);
            Assert.True(longest > 200, $"no curve drawn in {colour}");
        }
    }

    [Fact]
    public void Risk_table_counts_are_svg_text()
    {
        // Arrange: lung by sex, ticks every 200 days. R: female 90 66 26 11 2 0, male 137 78 31 13 6 2 at risk.
        var series = Samples.Groups("lung_sex");

        // Act
        var texts = Texts(SurvivalPlotRenderer.Render(series, new PlotOptions { Format = PlotImageFormat.Svg, TimeUnit = "days" }));

        // Assert
        Assert.Contains("Number at risk", texts);
        Assert.Contains("Time (days)", texts);
        AssertSequence(texts, ["female", "90", "66", "26", "11", "2", "0"]);
        AssertSequence(texts, ["male", "137", "78", "31", "13", "6", "2"]);
    }

    [Fact]
    public void Without_a_unit_the_time_axis_says_so()
    {
        // Act
        var texts = Texts(SurvivalPlotRenderer.Render(Samples.SevenPatientOs(), new PlotOptions { Format = PlotImageFormat.Svg }));

        // Assert
        Assert.Contains("Time (units not given)", texts);
    }

    [Fact]
    public void An_incidence_figure_of_causes_prints_Grays_test_of_each_cause_and_the_log_rank_test_of_any_event()
    {
        // Arrange: cmprsk cuminc(etime, cause, sex)$Tests on mgus2; survdiff of any event (the README's figures).
        var options = new PlotOptions { Format = PlotImageFormat.Svg, CurveKind = CurveKind.CumulativeIncidence, ShowPValue = true };

        // Act
        var texts = Texts(SurvivalPlotRenderer.Render(Samples.Mgus2BySex(), options, Samples.Mgus2Annotations));

        // Assert: one legend item per sex and per line type, the tests in the annotation.
        Assert.Contains("F (n = 631)", texts);
        Assert.Contains("M (n = 753)", texts);
        Assert.Contains("death", texts);
        Assert.Contains("pcm", texts);
        Assert.Contains("any event (+ censored)", texts);
        Assert.Contains("Gray's test, death: p = 0.0006", texts);
        Assert.Contains("Gray's test, pcm: p = 0.2744", texts);
        Assert.Contains("Log-rank p = 0.0027 (any event)", texts);
    }

    [Fact]
    public void KMunicate_table_has_at_risk_censored_and_events_rows_per_group()
    {
        // Arrange: seven patients, ticks every 12 months. Times 8+ 9 10+ 11+ 13+ 14 51+.
        var series = Samples.SevenPatientOs();
        var options = new PlotOptions { Format = PlotImageFormat.Svg, RiskTable = RiskTableStyle.KMunicate, XTickStep = 12 };

        // Act
        var texts = Texts(SurvivalPlotRenderer.Render(series, options));

        // Assert: at 0, 12, 24, 36, 48 months.
        AssertSequence(texts, ["All patients", "At risk", "7", "3", "1", "1", "1"]);
        AssertSequence(texts, ["Censored", "0", "3", "4", "4", "4"]);
        AssertSequence(texts, ["Events", "0", "1", "2", "2", "2"]);
    }

    [Fact]
    public void Percent_scale_labels_the_y_axis_in_percent()
    {
        // Arrange
        var options = new PlotOptions { Format = PlotImageFormat.Svg, YScale = ProbabilityScale.Percent };

        // Act
        var texts = Texts(SurvivalPlotRenderer.Render(Samples.Groups("lung_sex"), options));

        // Assert
        AssertSequence(texts, ["0%", "25%", "50%", "75%", "100%"]);
        Assert.DoesNotContain("0.50", texts);
    }

    [Theory]
    [InlineData(CurveKind.Survival, "Survival probability")]
    [InlineData(CurveKind.CumulativeIncidence, "Cumulative incidence")]
    [InlineData(CurveKind.CumulativeHazard, "Cumulative hazard")]
    public void Y_axis_is_labelled_by_curve_kind(CurveKind kind, string label)
    {
        // Arrange
        var options = new PlotOptions { Format = PlotImageFormat.Svg, CurveKind = kind };

        // Act
        var texts = Texts(SurvivalPlotRenderer.Render(Samples.Groups("lung_sex"), options));

        // Assert
        Assert.Contains(label, texts);
    }

    [Fact]
    public void Explicit_labels_title_and_caption_are_drawn()
    {
        // Arrange
        var options = new PlotOptions
        {
            Format = PlotImageFormat.Svg, Title = "Overall survival", Caption = "Illustrative data — not patient-level",
            XLabel = "Months since diagnosis", YLabel = "Alive",
        };

        // Act
        var texts = Texts(SurvivalPlotRenderer.Render(Samples.SevenPatientOs(), options));

        // Assert
        Assert.Contains("Overall survival", texts);
        Assert.Contains("Illustrative data — not patient-level", texts);
        Assert.Contains("Months since diagnosis", texts);
        Assert.Contains("Alive", texts);
        Assert.Contains("All patients (n = 7)", texts);
    }

    [Fact]
    public void P_value_and_hazard_ratio_are_printed_when_asked_for()
    {
        // Arrange
        var options = new PlotOptions { Format = PlotImageFormat.Svg, ShowPValue = true, ShowHazardRatio = true };

        // Act
        var texts = Texts(SurvivalPlotRenderer.Render(Samples.Groups("lung_sex"), options, Samples.LungAnnotations));

        // Assert: ScottPlot writes each line of a multi-line label as its own text element.
        Assert.Contains("Log-rank p = 0.0016", texts);
        Assert.Contains("HR 1.69 (95% CI 1.22–2.34)", texts);
    }

    [Fact]
    public void Text_uses_the_bundled_font_family()
    {
        // Act
        var svg = Parse(SurvivalPlotRenderer.Render(Samples.Groups("lung_sex"), new PlotOptions { Format = PlotImageFormat.Svg }));

        // Assert
        var families = svg.Descendants(Svg + "text").Select(t => (string)t.Attribute("font-family")!).Distinct().ToArray();
        Assert.Equal(["DejaVu Sans"], families);
    }

    private static XDocument Parse(RenderedImage image) => XDocument.Parse(Encoding.UTF8.GetString(image.Bytes.Span));

    private static List<string> Texts(RenderedImage image) =>
        Parse(image).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    // The values appear in this order, consecutively, somewhere in the document's text.
    private static void AssertSequence(List<string> texts, string[] expected)
    {
        var found = Enumerable.Range(0, texts.Count - expected.Length + 1)
            .Any(start => texts.Skip(start).Take(expected.Length).SequenceEqual(expected));
        Assert.True(found, $"[{string.Join(", ", expected)}] not found in [{string.Join(", ", texts)}]");
    }
}
