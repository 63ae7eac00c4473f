using System.Text.Json;
using Survival.TestSupport;

namespace Survival.Cli.Tests;

/// <summary><c>--rmst-tau</c> and <c>--landmark</c> also compare the groups: R's numbers, printed and in the JSON.</summary>
public class ContrastTests
{
    private static readonly string Veteran = Path.Combine(CliRun.Examples, "veteran.csv");

    private static readonly string[] Options =
        ["--time", "time", "--event", "status", "--group", "trt", "--rmst-tau", "365", "--landmark", "30", "90", "180", "365"];

    /// <summary>
    /// R (tools/reference/generate-reference.R, gen_veteran_contrasts): summary(survfit(...), rmean = 365) and
    /// summary(survfit(...), times = ...) per arm, differences with se = √(se₁² + se₂²), the ratio on the log scale.
    /// Tolerance 1e-9 relative.
    /// </summary>
    [Fact]
    public async Task The_contrasts_equal_R()
    {
        // Arrange
        var r = ReferenceSet.Named("gen_veteran_contrasts").Root.GetProperty("contrasts")[0];

        // Act
        var run = await CliRun.InvokeAsync(["analyze", Veteran, .. Options, "--json"]);

        // Assert
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var contrasts = json.RootElement.GetProperty("comparison").GetProperty("contrasts").EnumerateArray().ToList();
        JsonElement Contrast(string measure, double time) =>
            contrasts.Single(c => c.GetProperty("measure").GetString() == measure && c.GetProperty("time").GetDouble() == time);
        foreach (var (measure, key) in new[] { ("CONTRAST_MEASURE_RMST_DIFFERENCE", "rmst_difference"), ("CONTRAST_MEASURE_RMST_RATIO", "rmst_ratio") })
        {
            var contrast = Contrast(measure, 365);
            foreach (var (field, name) in new[] { ("estimate", "estimate"), ("lower", "lower"), ("upper", "upper"), ("pValue", "p") })
                Tolerance.Equal(r.GetProperty(key).GetProperty(name).GetDouble(), contrast.GetProperty(field).GetDouble(), $"{key} {name}");
        }
        var landmarks = Json.Doubles(r, "landmarks");
        var survival = r.GetProperty("survival_difference");
        for (var j = 0; j < landmarks.Length; j++)
        {
            var contrast = Contrast("CONTRAST_MEASURE_SURVIVAL_DIFFERENCE", landmarks[j]!.Value);
            Tolerance.Equal(Json.Doubles(survival, "estimate")[j], contrast.GetProperty("estimate").GetDouble(), $"S({landmarks[j]}) difference");
            Tolerance.Equal(Json.Doubles(survival, "p")[j], contrast.GetProperty("pValue").GetDouble(), $"S({landmarks[j]}) p");
        }
    }

    [Fact]
    public async Task The_summary_prints_each_contrast()
    {
        // Act
        var run = await CliRun.InvokeAsync(["analyze", Veteran, .. Options]);

        // Assert
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Contrasts against standard:", run.Output);
        Assert.Contains("  test, RMST(365) difference: -6.567 (95% CI -45.313 to 32.178), p = 0.7397", run.Output);
        Assert.Contains("  test, S(90) difference: -16.7 percentage points (95% CI -33.2 to -0.1), p = 0.0485", run.Output);
    }
}
