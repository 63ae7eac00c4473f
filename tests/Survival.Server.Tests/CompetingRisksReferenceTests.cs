using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// Competing risks through the API against R (tools/reference/generate-competing-risks-reference.R):
/// <c>cumulative_incidence</c> equals <c>survfit(Surv(time, factor(status)) ~ 1)</c> on each group's rows (pstate,
/// lower, upper 1e-9 relative; std.err 1e-7, the Aalen–Johansen standard errors' tolerance) and <c>gray_tests</c>
/// equals cmprsk's <c>cuminc(time, status, group)$Tests</c>, with <c>strata =</c> when stratified (1e-9).
/// </summary>
[Collection(ServerCollection.Name)]
public class CompetingRisksReferenceTests(ServerFixture server)
{
    private const double StdErrors = 1e-7;

    public static TheoryData<string> Sets() => [.. CompetingRisksReference.All.Select(s => s.Name)];

    public static TheoryData<string, bool> Compared() => CompetingRisksReference.GroupComparisons();

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Cumulative_incidence_equals_survfit(string file)
    {
        // Arrange
        var set = CompetingRisksReference.Named(file);
        var request = new EstimateSurvivalRequest { Cohort = CompetingCohorts.Subjects(set), Options = new EstimateOptions { ConfLevel = set.ConfLevel } };

        // Act
        var response = await server.Client.EstimateSurvivalAsync(request);

        // Assert
        var expected = set.Root.GetProperty("aalen_johansen");
        foreach (var group in response.Groups)
        {
            var reference = expected.GetProperty(set.Groups is null ? "all" : group.Group);
            var observed = set.Causes.Where(c => set.Status.Any(s => s > 0 && set.Causes[s - 1] == c)).Order(Core.Regression.Factor.LevelOrder);
            Assert.Equal(observed, group.CumulativeIncidence.Select(c => c.Cause));
            foreach (var cause in group.CumulativeIncidence)
            {
                Tolerance.Equal(Json.Doubles(reference, "time"), [.. cause.Curve.Select(p => (double?)p.Time)], "time");
                Tolerance.Equal(Json.Doubles(reference, "n_risk"), [.. cause.Curve.Select(p => (double?)p.AtRisk)], "n_risk");
                Tolerance.Equal(Json.Doubles(reference.GetProperty("pstate"), cause.Cause), [.. cause.Curve.Select(p => (double?)p.Incidence)], $"pstate[{cause.Cause}]");
                Tolerance.Equal(Json.Doubles(reference.GetProperty("std_err"), cause.Cause), [.. cause.Curve.Select(p => p.HasStdError ? p.StdError : (double?)null)], $"std.err[{cause.Cause}]", StdErrors);
                var log = reference.GetProperty("ci").GetProperty("log");
                Tolerance.Equal(Json.Doubles(log.GetProperty("lower"), cause.Cause), [.. cause.Curve.Select(p => p.HasLower ? p.Lower : (double?)null)], $"lower[{cause.Cause}]", StdErrors);
                Tolerance.Equal(Json.Doubles(log.GetProperty("upper"), cause.Cause), [.. cause.Curve.Select(p => p.HasUpper ? p.Upper : (double?)null)], $"upper[{cause.Cause}]", StdErrors);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Compared))]
    public async Task Gray_tests_equal_cuminc(string file, bool stratified)
    {
        // Arrange
        var set = CompetingRisksReference.Named(file);
        var request = new CompareGroupsRequest { Cohort = CompetingCohorts.Subjects(set), Stratified = stratified };

        // Act
        var response = await server.Client.CompareGroupsAsync(request);

        // Assert: cuminc reports only causes with events, as the API does.
        var expected = set.Root.GetProperty(stratified ? "gray_stratified" : "gray");
        var reported = expected.EnumerateObject().Where(c => c.Value.GetProperty("stat").ValueKind != System.Text.Json.JsonValueKind.Null).Select(c => c.Name);
        Assert.Equal(reported.Order(Core.Regression.Factor.LevelOrder), response.GrayTests.Select(t => t.Cause));
        foreach (var test in response.GrayTests)
        {
            var reference = expected.GetProperty(test.Cause);
            Tolerance.Equal(Json.Double(reference.GetProperty("stat")), test.ChiSquare, $"{test.Cause} stat");
            Tolerance.Equal(Json.Double(reference.GetProperty("pv")), test.PValue, $"{test.Cause} pv");
            Assert.Equal(Json.Double(reference.GetProperty("df")), test.DegreesOfFreedom);
        }
    }

    [Fact]
    public async Task The_cumulative_incidence_plot_names_each_group_and_cause_and_prints_Grays_tests()
    {
        // Arrange
        var set = CompetingRisksReference.Named("mgus2_sex");
        var request = new AnalyzeCohortRequest
        {
            Cohort = CompetingCohorts.Subjects(set),
            Plot = new PlotOptions { Format = ImageFormat.Svg, CurveKind = CurveKind.CumulativeIncidence, ShowPValue = true },
        };

        // Act
        var response = await server.Client.AnalyzeCohortAsync(request);

        // Assert: colours name the groups, line types the causes; cmprsk cuminc(...)$Tests: death p 0.00064, pcm p 0.274.
        var svg = System.Xml.Linq.XDocument.Parse(response.Plot.Image.ToStringUtf8());
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
        foreach (var item in new[] { "death", "pcm", "any event (+ censored)", "Gray's test, death: p = 0.0006", "Gray's test, pcm: p = 0.2744" })
            Assert.Contains(item, texts);
        Assert.Contains(texts, t => t.StartsWith("F (n = ", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("M (n = ", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Log-rank p = ", StringComparison.Ordinal) && t.EndsWith("(any event)", StringComparison.Ordinal));
    }
}
