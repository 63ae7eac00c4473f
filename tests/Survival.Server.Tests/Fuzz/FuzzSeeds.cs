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

    /// <summary>Two arms read off a figure: one with its table and events, one with the patients at 0 only.</summary>
    public static IReadOnlyList<IMessage> Reconstruct() =>
    [
        new ReconstructCohortRequest
        {
            TimeUnit = "months",
            Arms =
            {
                new PublishedArm
                {
                    Label = "a", TotalEvents = 6,
                    Points = { Point(0, 1), Point(2, 1), Point(2, 0.9), Point(5, 0.91), Point(5, 0.7), Point(9, 0.5), Point(14, 0.5), Point(20, 0.4) },
                    AtRisk = { new AtRiskCount { Time = 0, AtRisk = 10 }, new AtRiskCount { Time = 6, AtRisk = 7 }, new AtRiskCount { Time = 12, AtRisk = 4 } },
                },
                new PublishedArm { Label = "b", Subjects = 8, Points = { Point(3, 0.75), Point(7, 0.5), Point(12, 0.5) } },
            },
            MonotoneFix = MonotoneFix.RunningMinimum,
            Plot = PlainPlot(ImageFormat.Svg),
        },
    ];

    /// <summary>The seven patients against a median, a Weibull curve, points and a rebuilt cohort.</summary>
    public static IReadOnlyList<IMessage> CompareExternal() =>
    [
        new CompareExternalRequest
        {
            Cohort = Subjects(), Reference = new ReferenceCurve { Label = "ref", Exponential = new ExponentialReference { Median = 10 } },
            Variance = OneSampleVariance.MeanOfObservedAndExpected, ConfLevel = 0.9, Plot = PlainPlot(ImageFormat.Svg),
        },
        new CompareExternalRequest { Cohort = Columns(), Reference = new ReferenceCurve { Weibull = new WeibullReference { Shape = 1.3, Scale = 12 } } },
        new CompareExternalRequest
        {
            Cohort = Counts(),
            Reference = new ReferenceCurve { Points = new ReferencePoints { Points = { Point(3, 0.8), Point(10, 0.5), Point(20, 0.3) } } },
        },
        new CompareExternalRequest
        {
            Cohort = Dates(),
            Reference = new ReferenceCurve { Label = "rebuilt", Cohort = new Cohort { Subjects = { Patients().Times.Select((t, i) => new Subject { Time = t + 1, Event = i % 2 == 0 }) } } },
            RmstTau = 12, Plot = PlainPlot(ImageFormat.Png),
        },
    ];

    /// <summary>Studies as log estimates, as intervals, and as patients.</summary>
    public static IReadOnlyList<IMessage> Pool() =>
    [
        new PoolStudiesRequest
        {
            Studies =
            {
                new Study { Label = "s1", LogEstimate = -0.3, StdError = 0.2 },
                new Study { Label = "s2", Estimate = 0.9, Lower = 0.6, Upper = 1.35, IntervalLevel = 0.9 },
                new Study { Label = "s3", LogEstimate = 0.1, StdError = 0.4 },
            },
            Methods = { PoolingMethod.Reml, PoolingMethod.FixedEffect }, ConfLevel = 0.9, ForestPlot = SmallPlot(ImageFormat.Svg),
        },
        new PoolStudiesRequest
        {
            Studies = { new Study { Label = "x", Cohort = Subjects() }, new Study { Label = "y", Cohort = Columns() } },
            Ties = TieMethod.Breslow, ReferenceGroup = "a", ForestPlot = SmallPlot(ImageFormat.Png),
            SurvivalPlot = PlainPlot(ImageFormat.Svg),
        },
        new PoolStudiesRequest
        {
            Measure = PooledMeasure.Median,
            Studies = { new Study { Label = "only", Cohort = new Cohort { TimeUnit = "months", Counts = { CountRows().Select(r => new CountRow(r) { Group = "" }) } } } },
        },
    ];

    private static DigitizedPoint Point(double time, double survival) => new() { Time = time, Survival = survival };

    /// <summary>A small plot without the p-value and the two colours, which these figures do not take (more curves, no comparison).</summary>
    private static PlotOptions PlainPlot(ImageFormat format)
    {
        var plot = SmallPlot(format);
        plot.ShowPValue = false;
        plot.Colors.Clear();
        return plot;
    }

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
