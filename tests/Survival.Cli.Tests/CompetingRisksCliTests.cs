using System.Globalization;
using Google.Protobuf;
using Survival.Client;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Cli.Tests;

/// <summary>
/// <c>survival analyze examples/mgus2.csv --cause cause</c> as the README runs it, against R: the cumulative incidence at
/// the landmarks is <c>summary(survfit(Surv(etime, factor(status)) ~ 1), times = c(120, 240))</c> on each sex's rows
/// and Gray's tests are <c>cmprsk::cuminc(etime, status, sex)$Tests</c> (tests/fixtures-competing/mgus2_sex.json),
/// printed as the summary rounds them.
/// </summary>
public class CompetingRisksCliTests
{
    private static readonly string Mgus2 = Path.Combine(CliRun.Examples, "mgus2.csv");
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Fact]
    public async Task Prints_the_incidence_of_each_cause_at_the_landmarks_and_grays_tests()
    {
        // Arrange
        var set = CompetingRisksReference.Named("mgus2_sex");
        var plot = Path.Combine(Directory.CreateTempSubdirectory().FullName, "cif.png");

        // Act
        var run = await CliRun.InvokeAsync("analyze", Mgus2, "--time", "etime", "--cause", "cause", "--group", "sex", "--unit", "months",
            "--landmark", "120", "240", "--plot", plot);

        // Assert
        Assert.Equal(0, run.ExitCode);
        foreach (var sex in new[] { "F", "M" })
        {
            var landmarks = set.Root.GetProperty("landmarks").GetProperty(sex);
            foreach (var cause in set.Causes)
            {
                var cells = Enumerable.Range(0, 2).Select(i =>
                    $"{Percent(landmarks, "pstate", cause, i)} ({Percent(landmarks, "lower", cause, i)} to {Percent(landmarks, "upper", cause, i)})");
                Assert.Matches($@"{sex}\s+{cause}\s+{Escape(cells.First())}\s+{Escape(cells.Last())}", run.Output);
            }
        }
        foreach (var cause in set.Causes)
        {
            var gray = set.Root.GetProperty("gray").GetProperty(cause);
            Assert.Contains($"Gray's test, cumulative incidence of {cause}: chi-square {gray.GetProperty("stat").GetDouble().ToString("0.###", Invariant)} on 1 df", run.Output);
        }
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(plot)[..4]);
    }

    [Fact]
    public async Task Duckdb_counts_by_cause_give_the_subjects_response()
    {
        // Arrange
        var columns = new CohortColumns { Time = "etime", Cause = "cause", Group = "sex" };
        var counts = await DuckDbCohort.ReadAsync(Mgus2, new CountQuery { Columns = columns }, "");
        var subjects = CohortFile.Read(Mgus2, columns);
        AnalyzeCohortRequest Request(Cohort cohort) => new()
        {
            Cohort = cohort,
            Options = new EstimateOptions { LandmarkTimes = { 120 } },
            Comparison = new ComparisonOptions(),
        };

        // Act
        var fromCounts = await CohortAnalyzer.AnalyzeAsync(Request(counts), null, null, null, CancellationToken.None);
        var fromSubjects = await CohortAnalyzer.AnalyzeAsync(Request(subjects), null, null, null, CancellationToken.None);

        // Assert
        Assert.Equal(["death", "pcm"], fromSubjects.Comparison.GrayTests.Select(t => t.Cause));
        Assert.Equal(JsonFormatter.Default.Format(fromSubjects.Estimates), JsonFormatter.Default.Format(fromCounts.Estimates));
        Assert.Equal(JsonFormatter.Default.Format(fromSubjects.Comparison), JsonFormatter.Default.Format(fromCounts.Comparison));
    }

    [Fact]
    public async Task A_censored_value_other_than_empty_can_be_named()
    {
        // Arrange: the same subjects with "alive" for the censored.
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "mgus2-alive.csv");
        File.WriteAllLines(file, File.ReadAllLines(Mgus2).Select(line => line.EndsWith(",\"\"", StringComparison.Ordinal) ? line[..^2] + "\"alive\"" : line));

        // Act
        var named = await CliRun.InvokeAsync("analyze", file, "--time", "etime", "--cause", "cause", "--censored-cause", "alive", "--group", "sex");
        var empty = await CliRun.InvokeAsync("analyze", Mgus2, "--time", "etime", "--cause", "cause", "--group", "sex");

        // Assert
        Assert.Equal(0, named.ExitCode);
        Assert.Equal(empty.Output, named.Output);
    }

    private static string Percent(System.Text.Json.JsonElement landmarks, string column, string cause, int row) =>
        (landmarks.GetProperty(column).GetProperty(cause)[row].GetDouble() * 100).ToString("0.#", Invariant) + "%";

    private static string Escape(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
