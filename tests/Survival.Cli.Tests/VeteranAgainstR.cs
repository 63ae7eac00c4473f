using System.Text.Json;
using Survival.TestSupport;

namespace Survival.Cli.Tests;

/// <summary>The CLI's JSON for veteran by trt against R's numbers in tests/fixtures/r-reference/veteran_trt.json.</summary>
internal static class VeteranAgainstR
{
    /// <summary>The options that make the CLI compute what the fixture holds: log-rank and the Efron Cox model by trt.</summary>
    public static string[] Options =>
        ["--time", "time", "--event", "status", "--group", "trt", "--json", "--conf-level", ConfLevel];

    /// <summary>The fixture's confidence level, which R's quantile intervals were computed at.</summary>
    public static string ConfLevel => ReferenceSet.Named("veteran_trt").ConfLevel.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// R: survdiff(Surv(time, status) ~ trt, veteran); coxph(Surv(time, status) ~ trt, veteran, ties = "efron");
    /// survfit(...) medians. Tolerance 1e-9 relative.
    /// </summary>
    public static void AssertEqualsR(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        var r = ReferenceSet.Named("veteran_trt").Root;
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        var groups = root.GetProperty("estimates").GetProperty("groups");
        Assert.Equal(137L, groups.EnumerateArray().Sum(g => long.Parse(g.GetProperty("subjects").ToString())));
        foreach (var group in groups.EnumerateArray())
        {
            var name = group.GetProperty("group").GetString()!;
            var quantiles = r.GetProperty("km").GetProperty(name).GetProperty("quantiles").GetProperty("log");
            Tolerance.Equal(Json.Doubles(quantiles, "quantile")[1], group.GetProperty("median").GetProperty("time").GetDouble(), $"median {name}");
            Tolerance.Equal(Json.Doubles(quantiles, "lower")[1], group.GetProperty("median").GetProperty("lower").GetDouble(), $"median lower {name}");
        }
        var comparison = root.GetProperty("comparison");
        Tolerance.Equal(r.GetProperty("logrank").GetProperty("rho_0").GetProperty("chisq").GetDouble(),
            comparison.GetProperty("tests")[0].GetProperty("chiSquare").GetDouble(), "log-rank chi-square");
        var cox = r.GetProperty("cox").GetProperty("efron");
        var term = comparison.GetProperty("cox").GetProperty("terms")[0];
        Tolerance.Equal(cox.GetProperty("hr").GetDouble(), term.GetProperty("hazardRatio").GetDouble(), "Cox hazard ratio");
        Tolerance.Equal(cox.GetProperty("lower").GetDouble(), term.GetProperty("lower").GetDouble(), "Cox lower");
        Tolerance.Equal(cox.GetProperty("p").GetDouble(), term.GetProperty("pValue").GetDouble(), "Cox p");
    }
}
