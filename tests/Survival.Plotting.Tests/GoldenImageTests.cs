using SkiaSharp;

namespace Survival.Plotting.Tests;

/// <summary>
/// The rendered figure against a committed PNG, pixel by pixel with a small tolerance (anti-aliasing may differ in
/// the last bits between CPUs). To accept a deliberate change of the drawing, regenerate the golden file with
/// <c>SURVIVAL_UPDATE_GOLDEN=1 dotnet test --filter GoldenImageTests</c>, look at it, and commit it.
/// </summary>
public class GoldenImageTests
{
    private const string UpdateVariable = "SURVIVAL_UPDATE_GOLDEN";

    /// <summary>A pixel differs when a channel is off by more than this.</summary>
    private const int ChannelTolerance = 24;

    /// <summary>The share of pixels allowed to differ.</summary>
    private const double DifferingShareAllowed = 0.002;

    public static TheoryData<string> Figures() => [.. GoldenFigures.Keys];

    /// <summary>
    /// Two groups with everything drawn; four groups at the defaults (no bands beyond two curves, no unit given); the
    /// competing causes of two groups (colours for the groups, line types for the causes, censorings on the incidence
    /// of any event, Gray's tests); the interval-censored breast-cosmesis arms' Turnbull curves, boxes where they are
    /// not identified, under their Weibull and log-normal fits.
    /// </summary>
    private static readonly Dictionary<string, Func<RenderedImage>> GoldenFigures = new()
    {
        ["lung_sex_everything.png"] = () => SurvivalPlotRenderer.Render(Samples.Groups("lung_sex"), Samples.Everything, Samples.LungAnnotations),
        ["veteran_celltype_defaults.png"] = () => SurvivalPlotRenderer.Render(Samples.Groups("veteran_celltype"), new PlotOptions()),
        ["mgus2_sex_incidence.png"] = () => SurvivalPlotRenderer.Render(Samples.Mgus2BySex(),
            new PlotOptions { TimeUnit = "months", CurveKind = CurveKind.CumulativeIncidence, ShowPValue = true }, Samples.Mgus2Annotations),
        ["bcdeter_turnbull_fits.png"] = () =>
        {
            var (turnbull, fits) = Samples.BreastCosmesisFits();
            return ParametricPlotRenderer.RenderSurvival(turnbull, fits, 60, new PlotOptions { TimeUnit = "months", Title = "Breast cosmesis: Turnbull and parametric fits", XMax = 60 });
        },
    };

    [Theory]
    [MemberData(nameof(Figures))]
    public void The_figure_matches_its_golden_png(string name)
    {
        // Arrange
        var image = GoldenFigures[name]();
        var goldenPath = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            goldenPath = Path.Combine(SourceDirectory(), "Golden", name);
            File.WriteAllBytes(goldenPath, image.Bytes.Span);
        }
        var golden = File.ReadAllBytes(goldenPath);

        // Act
        using var actual = SKBitmap.Decode(image.Bytes.ToArray());
        using var expected = SKBitmap.Decode(golden);
        var differing = DifferingPixels(expected, actual);

        // Assert
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        Assert.True(differing <= DifferingShareAllowed * expected.Width * expected.Height,
            $"{differing} pixels differ from Golden/{name}; if the change is deliberate, set {UpdateVariable}=1 to regenerate it");
    }

    private static int DifferingPixels(SKBitmap expected, SKBitmap actual)
    {
        if (expected.Width != actual.Width || expected.Height != actual.Height) return int.MaxValue;
        var count = 0;
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
            {
                SKColor a = expected.GetPixel(x, y), b = actual.GetPixel(x, y);
                if (Math.Abs(a.Red - b.Red) > ChannelTolerance || Math.Abs(a.Green - b.Green) > ChannelTolerance
                    || Math.Abs(a.Blue - b.Blue) > ChannelTolerance || Math.Abs(a.Alpha - b.Alpha) > ChannelTolerance)
                    count++;
            }
        }
        return count;
    }

    // The golden file is written into the source tree, next to this project's file, not into bin/.
    private static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "tests", "Survival.Plotting.Tests");
            if (File.Exists(Path.Combine(project, "Survival.Plotting.Tests.csproj"))) return project;
        }
        throw new DirectoryNotFoundException("tests/Survival.Plotting.Tests not found above " + AppContext.BaseDirectory);
    }
}
