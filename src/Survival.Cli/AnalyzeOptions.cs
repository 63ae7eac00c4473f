using System.CommandLine;
using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary>The options of <c>survival analyze</c> and how they become a request.</summary>
internal sealed class AnalyzeOptions
{
    private static readonly Dictionary<string, ConfidenceType> ConfidenceTypeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["log"] = ConfidenceType.Log, ["log-log"] = ConfidenceType.LogLog, ["plain"] = ConfidenceType.Plain,
        ["logit"] = ConfidenceType.Logit, ["arcsin"] = ConfidenceType.Arcsin,
        ["thomas-grunkemeier"] = ConfidenceType.ThomasGrunkemeier, ["rothman"] = ConfidenceType.Rothman,
        ["peto"] = ConfidenceType.Peto, ["beta-product"] = ConfidenceType.BetaProduct,
    };

    private static readonly Dictionary<string, TestDistribution> DistributionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["asymptotic"] = TestDistribution.Asymptotic, ["exact"] = TestDistribution.Exact, ["monte-carlo"] = TestDistribution.MonteCarlo,
    };

    private static readonly Dictionary<string, BandMethod> BandNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hall-wellner"] = BandMethod.HallWellner, ["equal-precision"] = BandMethod.EqualPrecision,
    };

    private static readonly Dictionary<string, BandTransform> BandScaleNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["log-log"] = BandTransform.LogLog, ["linear"] = BandTransform.Linear, ["arcsine"] = BandTransform.ArcsineSquareRoot,
    };

    private static readonly Dictionary<string, TestWeight> WeightNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["logrank"] = TestWeight.Logrank, ["gehan-breslow"] = TestWeight.GehanBreslow, ["tarone-ware"] = TestWeight.TaroneWare,
        ["peto-peto"] = TestWeight.PetoPeto, ["modified-peto-peto"] = TestWeight.ModifiedPetoPeto,
        ["fleming-harrington"] = TestWeight.FlemingHarrington,
    };

    private static readonly Dictionary<string, TieMethod> TieNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["efron"] = TieMethod.Efron, ["breslow"] = TieMethod.Breslow, ["exact"] = TieMethod.Exact,
    };

    private static readonly Dictionary<string, PAdjustMethod> AdjustmentNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["holm"] = PAdjustMethod.Holm, ["bonferroni"] = PAdjustMethod.Bonferroni, ["bh"] = PAdjustMethod.BenjaminiHochberg,
        ["none"] = PAdjustMethod.None,
    };

    private static readonly Dictionary<string, RiskTable> RiskTableNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["at-risk"] = RiskTable.AtRisk, ["kmunicate"] = RiskTable.Kmunicate, ["none"] = RiskTable.None,
    };

    private static readonly Dictionary<string, CurveKind> CurveNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["survival"] = CurveKind.Survival, ["incidence"] = CurveKind.CumulativeIncidence, ["hazard"] = CurveKind.CumulativeHazard,
    };

    public Argument<FileInfo> File { get; } = new("file")
    {
        Description = "CSV, TSV or Parquet file with a header row, counted by embedded DuckDB (or give --connection or --counts)",
        Arity = ArgumentArity.ZeroOrOne,
    };
    public DataOptions Data { get; } = new();
    public Option<string?> Id { get; } = new("--id") { Description = "column of subject identifiers" };
    public Option<string?> Connection { get; } = new("--connection") { Description = "PostgreSQL connection string, e.g. \"Host=127.0.0.1;Database=cdm;Username=reader\", with --table or --query" };
    public Option<FileInfo> Counts { get; } = new("--counts") { Description = "CSV count table with the columns group, stratum, time, events, censored and optionally entered and cause (from survival sql)" };
    public Option<double[]> Landmarks { get; } = new("--landmark")
    {
        Description = "report survival at this time (repeatable), and its difference between groups", AllowMultipleArgumentsPerToken = true,
    };
    public Option<bool> FollowUp { get; } = new("--follow-up") { Description = "report the median follow-up (reverse Kaplan–Meier)" };
    public Option<double?> Rmst { get; } = new("--rmst-tau", "--rmst")
    {
        Description = "report the restricted mean survival time up to this time, and its difference and ratio between groups",
    };
    public Option<string> ConfType { get; } = new("--conf-type") { Description = "confidence interval transformation", DefaultValueFactory = _ => "log" };
    public Option<string> Distribution { get; } = new("--distribution")
    {
        Description = "where the tests' p-values come from: asymptotic, exact (two groups) or monte-carlo", DefaultValueFactory = _ => "asymptotic",
    };
    public Option<int> Resamples { get; } = new("--resamples") { Description = "Monte Carlo resamples (default 10000)" };
    public Option<string?> Band { get; } = new("--band") { Description = "add a simultaneous confidence band: hall-wellner or equal-precision" };
    public Option<string> BandScale { get; } = new("--band-scale") { Description = "--band: the scale it is built on (SAS's CONFTYPE=)", DefaultValueFactory = _ => "log-log" };
    public Option<double?> BandFrom { get; } = new("--band-from") { Description = "--band: start of its range (default: the first death)" };
    public Option<double?> BandTo { get; } = new("--band-to") { Description = "--band: end of its range (default: the last death with survivors after it)" };
    public Option<double> ConfLevel { get; } = new("--conf-level") { Description = "confidence level", DefaultValueFactory = _ => 0.95 };
    public Option<string[]> Tests { get; } = new("--test") { Description = "tests to run (repeatable); default logrank", AllowMultipleArgumentsPerToken = true };
    public Option<double> FhP { get; } = new("--fh-p") { Description = "Fleming–Harrington p (rho)" };
    public Option<double> FhQ { get; } = new("--fh-q") { Description = "Fleming–Harrington q (gamma)" };
    public Option<bool> Stratified { get; } = new("--stratified") { Description = "stratify tests and the Cox model by --stratum" };
    public Option<bool> Trend { get; } = new("--trend") { Description = "add the test for trend across ordered groups" };
    public Option<bool> Pairwise { get; } = new("--pairwise") { Description = "add pairwise comparisons" };
    public Option<string> PAdjust { get; } = new("--p-adjust") { Description = "p-value adjustment of pairwise comparisons", DefaultValueFactory = _ => "holm" };
    public Option<string> TieOption { get; } = new("--ties") { Description = "Cox tie handling", DefaultValueFactory = _ => "efron" };
    public Option<string?> Reference { get; } = new("--reference") { Description = "reference group of hazard ratios (default: the first)" };
    public Option<string?> Plot { get; } = new("--plot") { Description = "write a Kaplan–Meier plot to this .png or .svg file" };
    public Option<string?> Title { get; } = new("--title") { Description = "plot title" };
    public Option<string?> Caption { get; } = new("--caption") { Description = "plot caption, for example 'Illustrative data'" };
    public Option<string> RiskTableOption { get; } = new("--risk-table") { Description = "table under the plot", DefaultValueFactory = _ => "at-risk" };
    public Option<string?> Curve { get; } = new("--curve") { Description = "what the plot shows: survival, incidence (with --cause, per cause) or hazard; default incidence with --cause, else survival" };
    public Option<Uri?> Server { get; } = ServerAddress.Option();
    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "API key or token sent as 'authorization: Bearer' (default: $SURVIVAL_API_KEY)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SURVIVAL_API_KEY"),
    };
    public Option<FileInfo> CaFile { get; } = new("--ca-file") { Description = "PEM file of the authority that signed an https:// server's certificate" };
    public Option<bool> Json { get; } = new("--json") { Description = "print the full response as JSON instead of the summary" };
    public Option<int?> Bootstrap { get; } = new("--bootstrap") { Description = "interval censoring: bootstrap replicates behind Turnbull's standard errors and intervals (default 200; 0: none)" };
    public Option<ulong?> Seed { get; } = new("--seed") { Description = "interval censoring: the bootstrap's seed (the same seed gives the same intervals)" };
    public Option<string?> Overlay { get; } = new("--overlay") { Description = "interval censoring: parametric fits drawn over Turnbull's curves on the plot, comma-separated (at most three of " + string.Join(", ", FitCommand.DistributionNames.Keys) + ")" };

    /// <summary>The option a field of the request came from, for messages: the field's path without indices.</summary>
    public static IReadOnlyDictionary<string, string> OptionOfField { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cohort.time_unit"] = "--unit",
        ["options.landmark_times"] = "--landmark", ["comparison.landmark_times"] = "--landmark",
        ["options.rmst_tau"] = "--rmst-tau", ["comparison.rmst_tau"] = "--rmst-tau",
        ["options.conf_level"] = "--conf-level", ["options.conf_type"] = "--conf-type",
        ["comparison.reference_group"] = "--reference", ["comparison.control_group"] = "--reference",
        ["comparison.fh_p"] = "--fh-p", ["comparison.fh_q"] = "--fh-q", ["comparison.weights"] = "--test",
        ["comparison.stratified"] = "--stratified", ["comparison.trend"] = "--trend", ["comparison.pairwise"] = "--pairwise",
        ["comparison.ties"] = "--ties", ["comparison.p_adjust"] = "--p-adjust",
        ["plot.title"] = "--title", ["plot.caption"] = "--caption", ["plot.risk_table"] = "--risk-table", ["plot.curve_kind"] = "--curve",
        ["plot.format"] = "--plot", ["plot.show_p_value"] = "--plot", ["plot.show_hazard_ratio"] = "--plot",
    };

    /// <summary>The file column a subject's field was read from (time → the --time column, …); null for none.</summary>
    public Func<string, string?> ColumnOf(ParseResult parse) => field => field switch
    {
        "time" => parse.GetValue(Data.Time),
        "entry_time" => parse.GetValue(Data.Entry),
        "event" => parse.GetValue(Data.Event),
        "cause" => parse.GetValue(Data.Cause),
        "group" => parse.GetValue(Data.Group),
        "stratum" => parse.GetValue(Data.Stratum),
        "start_date" => parse.GetValue(Data.Start),
        "end_date" => parse.GetValue(Data.End),
        "weight" => parse.GetValue(Data.Weight),
        "interval_left" => parse.GetValue(Data.Left) ?? parse.GetValue(Data.LastNegativeScan),
        "interval_right" => parse.GetValue(Data.Right) ?? parse.GetValue(Data.FirstPositiveScan),
        "id" => parse.GetValue(Id),
        _ => null,
    };

    public AnalyzeOptions()
    {
        File.AcceptExistingOnly();
        CaFile.AcceptExistingOnly();
        Counts.AcceptExistingOnly();
        ConfType.AcceptOnlyFromAmong([.. ConfidenceTypeNames.Keys]);
        Distribution.AcceptOnlyFromAmong([.. DistributionNames.Keys]);
        Band.AcceptOnlyFromAmong([.. BandNames.Keys]);
        BandScale.AcceptOnlyFromAmong([.. BandScaleNames.Keys]);
        Tests.AcceptOnlyFromAmong([.. WeightNames.Keys]);
        TieOption.AcceptOnlyFromAmong([.. TieNames.Keys]);
        PAdjust.AcceptOnlyFromAmong([.. AdjustmentNames.Keys]);
        RiskTableOption.AcceptOnlyFromAmong([.. RiskTableNames.Keys]);
        Curve.AcceptOnlyFromAmong([.. CurveNames.Keys]);
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        foreach (var option in Data.All.Append(Data.Weight).Concat(new Option[]
                 {
                     Id, Connection, Counts, Landmarks, FollowUp, Rmst, ConfType, Distribution, Resamples, Band, BandScale, BandFrom, BandTo, ConfLevel, Tests, FhP, FhQ,
                     Stratified, Trend, Pairwise, PAdjust, TieOption, Reference, Plot, Title, Caption, RiskTableOption, Curve, Server, ApiKey, CaFile, Json,
                     Bootstrap, Seed, Overlay,
                 }))
        {
            command.Options.Add(option);
        }
        command.Validators.Add(Validate);
    }

    private void Validate(System.CommandLine.Parsing.CommandResult result)
    {
        var sources = (result.GetValue(File) is null ? 0 : 1) + (result.GetValue(Connection) is null ? 0 : 1) + (result.GetValue(Counts) is null ? 0 : 1);
        if (sources != 1) result.AddError("give exactly one of a FILE, --connection or --counts");
        else if (result.GetValue(Counts) is null) Data.Validate(result, needsTable: result.GetValue(Connection) is not null);
        if (result.GetValue(Connection) is null && (result.GetValue(Data.Table) ?? result.GetValue(Data.Query)) is not null)
            result.AddError("--table and --query need --connection");
        if (result.GetValue(Data.Weight) is not null && (result.GetValue(Connection) ?? (object?)result.GetValue(Counts)) is not null)
            result.AddError("--weight needs one row per subject (a CSV or TSV file): count rows carry no weights");
        if (FitCommand.Distributions(result.GetValue(Overlay)).FirstOrDefault(d => !FitCommand.DistributionNames.ContainsKey(d)) is { } unknown)
            result.AddError($"--overlay: '{unknown}' is not one of {string.Join(", ", FitCommand.DistributionNames.Keys)}");
    }

    public AnalyzeCohortRequest Request(ParseResult parse, Cohort cohort)
    {
        var request = new AnalyzeCohortRequest
        {
            Cohort = cohort,
            Options = new EstimateOptions
            {
                ConfLevel = parse.GetValue(ConfLevel),
                ConfType = ConfidenceTypeNames[parse.GetValue(ConfType)!],
                LandmarkTimes = { parse.GetValue(Landmarks) ?? [] },
                MedianFollowUp = parse.GetValue(FollowUp),
            },
            Comparison = new ComparisonOptions
            {
                Weights = { (parse.GetValue(Tests) ?? []).Select(t => WeightNames[t]) },
                FhP = parse.GetValue(FhP),
                FhQ = parse.GetValue(FhQ),
                Stratified = parse.GetValue(Stratified),
                Trend = parse.GetValue(Trend),
                Pairwise = parse.GetValue(Pairwise),
                PAdjust = AdjustmentNames[parse.GetValue(PAdjust)!],
                Ties = TieNames[parse.GetValue(TieOption)!],
                ReferenceGroup = parse.GetValue(Reference) ?? "",
                LandmarkTimes = { parse.GetValue(Landmarks) ?? [] },
                Distribution = new TestDistributionOptions
                {
                    Distribution = DistributionNames[parse.GetValue(Distribution)!],
                    Resamples = parse.GetValue(Resamples),
                },
            },
        };
        if (parse.GetValue(Band) is { } band)
        {
            var options = new SimultaneousBandOptions { Method = BandNames[band], Transform = BandScaleNames[parse.GetValue(BandScale)!] };
            if (parse.GetValue(BandFrom) is { } from) options.From = from;
            if (parse.GetValue(BandTo) is { } to) options.To = to;
            request.Options.SimultaneousBand = options;
        }
        if (parse.GetValue(Rmst) is { } tau) (request.Options.RmstTau, request.Comparison.RmstTau) = (tau, tau);
        var interval = Data.GivesIntervals(parse) || cohort.Counts.Any(r => r.HasIntervalLeft || r.HasIntervalRight) ||
                       cohort.Subjects.Any(s => s.HasIntervalLeft || s.HasIntervalRight);
        if (interval) ForIntervals(parse, request);
        if (parse.GetValue(Plot) is { } path)
        {
            var groups = cohort.Subjects.Count > 0
                ? cohort.Subjects.Select(s => s.Group).Distinct().Count()
                : cohort.Counts.Select(r => r.Group).Distinct().Count();
            var curve = parse.GetValue(Curve) is { } name ? CurveNames[name]
                : parse.GetValue(Data.Cause) is not null ? CurveKind.CumulativeIncidence : CurveKind.Survival;
            var allCause = parse.GetValue(Data.Cause) is null || curve != CurveKind.CumulativeIncidence;
            request.Plot = new PlotOptions
            {
                Format = SurvivalImage.FormatFor(path),
                Title = parse.GetValue(Title) ?? "",
                Caption = parse.GetValue(Caption) ?? "",
                RiskTable = RiskTableNames[parse.GetValue(RiskTableOption)!],
                // The log-rank test takes no case weights. A figure of competing causes prints Gray's test of each cause
                // beside the log-rank test of any event, and no hazard ratio: the Cox model is of the time to any event (and an
                // interval-censored figure has none: its comparison is the interval-censored tests).
                ShowPValue = groups > 1 && parse.GetValue(Data.Weight) is null,
                ShowHazardRatio = groups == 2 && allCause && !interval,
                CurveKind = curve,
            };
        }
        return request;
    }

    /// <summary>
    /// An interval-censored cohort: the bootstrap options and the fits to overlay, and no right-censored tests or contrasts in the comparison
    /// (its interval-censored tests are all run, beside the imputed log-rank tests and Cox models).
    /// </summary>
    private void ForIntervals(ParseResult parse, AnalyzeCohortRequest request)
    {
        request.Options.Interval = new IntervalEstimateOptions();
        if (parse.GetValue(Bootstrap) is { } replicates) request.Options.Interval.BootstrapReplicates = replicates;
        if (parse.GetValue(Seed) is { } seed) request.Options.Interval.BootstrapSeed = seed;
        request.Options.Interval.OverlayDistributions.Add(FitCommand.Distributions(parse.GetValue(Overlay)).Select(d => FitCommand.DistributionNames[d]));
        request.Comparison.Weights.Clear();
        request.Comparison.LandmarkTimes.Clear();
    }
}
