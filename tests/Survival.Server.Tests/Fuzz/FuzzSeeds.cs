using Google.Protobuf;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Fuzz;

/// <summary>
/// Valid requests of every RPC, built from the seven-patient example (overall survival, with two arms), that the
/// fuzzer mutates: every form of cohort and every option group a request can carry, so mutations reach each rule.
/// Plots are small so that thousands of them render within the test's time.
/// </summary>
public static class FuzzSeeds
{
    private static readonly string[] Arms = ["a", "b", "a", "b", "a", "b", "a"];
    private static readonly string[] Sites = ["x", "x", "y", "y", "x", "y", "x"];

    public static IReadOnlyList<IMessage> Estimate() =>
    [
        new EstimateSurvivalRequest { Cohort = Subjects(), Options = Options() },
        new EstimateSurvivalRequest { Cohort = Columns(), Options = Options() },
        new EstimateSurvivalRequest { Cohort = Counts() },
        new EstimateSurvivalRequest { Cohort = Dates() },
    ];

    public static IReadOnlyList<IMessage> Compare() =>
    [
        new CompareGroupsRequest
        {
            Cohort = Subjects(), Weights = { TestWeight.Logrank, TestWeight.FlemingHarrington }, FhP = 1, Stratified = true,
            Trend = true, TrendScores = { 1, 2 }, Pairwise = true, PAdjust = PAdjustMethod.BenjaminiHochberg, ControlGroup = "a",
            Ties = TieMethod.Breslow, ReferenceGroup = "b", ConfLevel = 0.9, RmstTau = 12, LandmarkTimes = { 10 },
        },
        new CompareGroupsRequest { Cohort = Columns(), Weights = { TestWeight.GehanBreslow } },
        new CompareGroupsRequest { Cohort = Counts(), Pairwise = true },
    ];

    public static IReadOnlyList<IMessage> Plot() =>
    [
        new RenderSurvivalPlotRequest { Cohort = Subjects(), Options = Options(), Plot = SmallPlot(ImageFormat.Svg) },
        new RenderSurvivalPlotRequest { Cohort = Counts(), Plot = SmallPlot(ImageFormat.Png) },
    ];

    public static IReadOnlyList<IMessage> Analyze() =>
    [
        new AnalyzeCohortRequest { Cohort = Subjects(), Options = Options(), Comparison = Comparison(), Plot = SmallPlot(ImageFormat.Svg) },
        new AnalyzeCohortRequest { Cohort = Columns(), Comparison = Comparison() },
        new AnalyzeCohortRequest { Cohort = Counts(), Options = Options() },
    ];

    /// <summary>Streams of AnalyzeCohortStream: options first, then the cohort in chunks.</summary>
    public static IReadOnlyList<IReadOnlyList<IMessage>> AnalyzeStreams() =>
    [
        [
            new AnalyzeCohortRequest { Options = Options(), Comparison = Comparison(), Plot = SmallPlot(ImageFormat.Svg), Cohort = Columns(0, 3) },
            new AnalyzeCohortRequest { Cohort = Columns(3, 2) },
            new AnalyzeCohortRequest { Cohort = Columns(5, 2) },
        ],
        [
            new AnalyzeCohortRequest { Options = Options(), Cohort = new Cohort { Counts = { CountRows().Take(4) } } },
            new AnalyzeCohortRequest { Cohort = new Cohort { Counts = { CountRows().Skip(4) } } },
        ],
    ];

    public static IReadOnlyList<IMessage> Cox() =>
    [
        new FitCoxModelRequest
        {
            Cohort = Subjects(), Terms = { "age", "group" }, Ties = TieMethod.Efron, ConfLevel = 0.9, TestProportionalHazards = true,
            CurvesAt = { new CovariateProfile { Label = "60", Covariates = { ["age"] = 60 }, Factors = { ["group"] = "a" } } },
            ForestPlot = SmallPlot(ImageFormat.Svg),
        },
        new FitCoxModelRequest { Cohort = Columns(), Terms = { "age", "site" }, Ties = TieMethod.Breslow, Stratified = true },
    ];

    private static (double[] Times, bool[] Events) Patients() => ExampleCohort.OverallSurvival();

    private static EstimateOptions Options() => new()
    {
        ConfLevel = 0.9, ConfType = ConfidenceType.LogLog, Quantiles = { 0.25, 0.5 }, LandmarkTimes = { 6, 12 }, RmstTau = 24,
        MedianFollowUp = true,
    };

    private static ComparisonOptions Comparison() => new()
    {
        Weights = { TestWeight.Logrank, TestWeight.TaroneWare }, Trend = true, Pairwise = true, Ties = TieMethod.Efron,
        ReferenceGroup = "a", RmstTau = 12, LandmarkTimes = { 10 },
    };

    private static PlotOptions SmallPlot(ImageFormat format) => new()
    {
        Format = format, Width = 240, Height = 200, Title = "Illustrative data", XTickStep = 12, RiskTable = RiskTable.AtRisk,
        MedianLines = true, ShowPValue = true, Colors = { "#000000", "#E69F00" }, Caption = ExampleCohort.Disclaimer, FontScale = 0.5,
    };

    private static Cohort Subjects()
    {
        var (times, events) = Patients();
        var cohort = new Cohort { TimeUnit = "months" };
        for (var i = 0; i < times.Length; i++)
        {
            cohort.Subjects.Add(new Subject
            {
                Id = $"p{i}", Time = times[i], Event = events[i], Group = Arms[i], Stratum = Sites[i], EntryTime = i % 3 == 0 ? 1 : 0,
                Covariates = { ["age"] = 50 + 3 * i }, Factors = { ["site"] = Sites[i] },
            });
        }
        return cohort;
    }

    private static Cohort Columns() => new() { TimeUnit = "months", Columns = Columns(0, Patients().Times.Length).Columns };

    private static Cohort Columns(int start, int count)
    {
        var (times, events) = Patients();
        var columns = new SubjectColumns { GroupLabels = { "a", "b" }, StratumLabels = { "x", "y" } };
        for (var i = start; i < start + count; i++)
        {
            columns.Time.Add(times[i]);
            columns.Event.Add(events[i]);
            columns.Group.Add(Arms[i] == "a" ? 0u : 1u);
            columns.Stratum.Add(Sites[i] == "x" ? 0u : 1u);
            columns.EntryTime.Add(i % 3 == 0 ? 1 : 0);
        }
        columns.Covariates.Add(new NumericColumn { Name = "age", Values = { Enumerable.Range(start, count).Select(i => 50.0 + 3 * i) } });
        columns.Factors.Add(new FactorColumn
        {
            Name = "site", Labels = { "x", "y" }, Codes = { Enumerable.Range(start, count).Select(i => Sites[i] == "x" ? 0u : 1u) },
        });
        return new Cohort { Columns = columns };
    }

    private static Cohort Counts() => new() { TimeUnit = "months", Counts = { CountRows() } };

    private static IEnumerable<CountRow> CountRows()
    {
        var (times, events) = Patients();
        return times.Select((time, i) => new CountRow
        {
            Group = Arms[i], Stratum = Sites[i], Time = time, Events = events[i] ? 1 : 0, Censored = events[i] ? 0 : 1,
        });
    }

    private static Cohort Dates()
    {
        var (times, events) = Patients();
        var cohort = new Cohort { TimeUnit = "months" };
        var start = new DateOnly(2020, 1, 15);
        for (var i = 0; i < times.Length; i++)
        {
            cohort.Subjects.Add(new Subject
            {
                Id = $"p{i}", Event = events[i], Group = Arms[i], StartDate = start.ToString("yyyy-MM-dd"),
                EndDate = start.AddMonths((int)times[i]).ToString("yyyy-MM-dd"),
            });
        }
        return cohort;
    }
}
