using System.Xml.Linq;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>RenderSurvivalPlot through gRPC: formats, sizes, determinism, annotations and rejected options.</summary>
[Collection(ServerCollection.Name)]
public class RenderSurvivalPlotTests(ServerFixture server)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private Task<RenderSurvivalPlotResponse> RenderAsync(Cohort cohort, PlotOptions plot) =>
        server.Client.RenderSurvivalPlotAsync(new RenderSurvivalPlotRequest { Cohort = cohort, Plot = plot }).ResponseAsync;

    private static Cohort SevenPatients() => Cohorts.Of((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false));

    [Fact]
    public async Task Png_has_the_requested_size_and_renders_identically_twice()
    {
        // Arrange
        var plot = new PlotOptions { Width = 640, Height = 480, Title = "OS", Caption = "Illustrative data" };

        // Act
        var first = await RenderAsync(SevenPatients(), plot);
        var second = await RenderAsync(SevenPatients(), plot);

        // Assert
        Assert.Equal("image/png", first.ContentType);
        Assert.Equal(PngSignature, first.Image.Span[..8].ToArray());
        Assert.Equal((640, 480), (first.Width, first.Height));
        var ihdr = first.Image.Span;
        Assert.Equal(640, (ihdr[16] << 24) | (ihdr[17] << 16) | (ihdr[18] << 8) | ihdr[19]);
        Assert.Equal(first.Image, second.Image);
    }

    [Fact]
    public async Task Svg_is_xml_with_a_path_per_group_and_the_p_value()
    {
        // Arrange
        var cohort = Cohorts.From(ReferenceSet.Named("veteran_trt"));

        // Act
        var response = await RenderAsync(cohort, new PlotOptions { Format = ImageFormat.Svg, ShowPValue = true, ShowHazardRatio = true });

        // Assert
        Assert.Equal("image/svg+xml", response.ContentType);
        var svg = XDocument.Parse(response.Image.ToStringUtf8());
        Assert.True(svg.Descendants().Count(e => e.Name.LocalName == "path") >= 2);
        var text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("Log-rank p", text);
        Assert.Contains("HR test vs standard", text);
    }

    public static TheoryData<string, Action<PlotOptions>> BadOptions() => new()
    {
        { "plot.width", p => p.Width = 50 },
        { "plot.colors", p => p.Colors.Add("red") },
        { "plot.x_max", p => p.XMax = -1 },
        { "plot.x_tick_step", p => p.XTickStep = 0 },
        { "plot.font_scale", p => p.FontScale = 100 },
        { "plot.format", p => p.Format = (ImageFormat)9 },
        { "plot.show_p_value", p => p.ShowPValue = true },
        { "plot.show_hazard_ratio", p => p.ShowHazardRatio = true },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Bad_plot_options_are_invalid_argument_naming_the_field(string field, Action<PlotOptions> spoil)
    {
        // Arrange: one group, so the annotations have nothing to compare.
        var plot = new PlotOptions();
        spoil(plot);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => RenderAsync(SevenPatients(), plot), field);
    }

    [Fact]
    public async Task More_groups_than_the_palette_holds_name_the_palette()
    {
        // Arrange: five groups, the grayscale palette tells four apart.
        var cohort = new Cohort();
        for (var g = 0; g < 5; g++) cohort.Subjects.Add(new Subject { Time = g + 1, Event = true, Group = $"g{g}" });

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => RenderAsync(cohort, new PlotOptions { Palette = Palette.Grayscale }), "plot.palette");
    }

    [Fact]
    public async Task A_group_label_of_white_space_is_named()
    {
        // Arrange
        var cohort = new Cohort
        {
            Subjects = { new Subject { Time = 1, Event = true, Group = "a" }, new Subject { Time = 2, Event = true, Group = "  " } },
        };

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => RenderAsync(cohort, new PlotOptions()), "cohort.subjects[1].group");
    }

    [Fact]
    public async Task Annotations_that_cannot_be_estimated_are_printed_as_such()
    {
        // Arrange: group b has no events, so the Cox coefficient diverges.
        var cohort = new Cohort();
        foreach (var (t, e, g) in new[] { (2.0, true, "a"), (3, true, "a"), (5, false, "a"), (4, false, "b"), (6, false, "b") })
            cohort.Subjects.Add(new Subject { Time = t, Event = e, Group = g });

        // Act
        var response = await RenderAsync(cohort, new PlotOptions { Format = ImageFormat.Svg, ShowPValue = true, ShowHazardRatio = true });

        // Assert
        var svg = response.Image.ToStringUtf8();
        Assert.Contains("HR not estimable", svg);
        Assert.Contains("Log-rank p = ", svg);
    }
}
