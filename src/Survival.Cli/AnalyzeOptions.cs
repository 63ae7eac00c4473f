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

    public Argument<FileInfo> File { get; } = new("file") { Description = "CSV or TSV file with a header row" };
    public Option<string?> Time { get; } = new("--time") { Description = "column of follow-up times" };
    public Option<string> Event { get; } = new("--event") { Description = "column of event indicators: 1/0, true/false or yes/no", Required = true };
    public Option<string?> Group { get; } = new("--group") { Description = "column of group labels" };
    public Option<string?> Stratum { get; } = new("--stratum") { Description = "column of strata, for stratified tests" };
    public Option<string?> Id { get; } = new("--id") { Description = "column of subject identifiers" };
    public Option<string?> Start { get; } = new("--start") { Description = "column of start dates (YYYY-MM-DD), with --end instead of --time" };
    public Option<string?> End { get; } = new("--end") { Description = "column of event or last-follow-up dates (YYYY-MM-DD)" };
    public Option<string> Unit { get; } = new("--unit") { Description = "time unit: days, weeks, months or years (dates default to days)", DefaultValueFactory = _ => "" };
    public Option<double[]> Landmarks { get; } = new("--landmark") { Description = "report survival at this time (repeatable)", AllowMultipleArgumentsPerToken = true };
    public Option<bool> FollowUp { get; } = new("--follow-up") { Description = "report the median follow-up (reverse Kaplan–Meier)" };
    public Option<double?> Rmst { get; } = new("--rmst") { Description = "report the restricted mean survival time up to this time" };
    public Option<string> ConfType { get; } = new("--conf-type") { Description = "confidence interval transformation", DefaultValueFactory = _ => "log" };
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
    public Option<Uri?> Server { get; } = new("--server")
    {
        Description = "address of a Survival server, e.g. http://localhost:5000 (default: run in-process)",
        CustomParser = result =>
        {
            if (Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var address)) return address;
            result.AddError("--server must be an absolute address such as http://localhost:5000");
            return null;
        },
    };
    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "API key or token sent as 'authorization: Bearer' (default: $SURVIVAL_API_KEY)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SURVIVAL_API_KEY"),
    };
    public Option<FileInfo> CaFile { get; } = new("--ca-file") { Description = "PEM file of the authority that signed an https:// server's certificate" };
    public Option<bool> Json { get; } = new("--json") { Description = "print the full response as JSON instead of the summary" };

    public AnalyzeOptions()
    {
        File.AcceptExistingOnly();
        CaFile.AcceptExistingOnly();
        ConfType.AcceptOnlyFromAmong([.. ConfidenceTypeNames.Keys]);
        Tests.AcceptOnlyFromAmong([.. WeightNames.Keys]);
        TieOption.AcceptOnlyFromAmong([.. TieNames.Keys]);
        PAdjust.AcceptOnlyFromAmong([.. AdjustmentNames.Keys]);
        RiskTableOption.AcceptOnlyFromAmong([.. RiskTableNames.Keys]);
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        foreach (var option in new Option[]
                 {
                     Time, Event, Group, Stratum, Id, Start, End, Unit, Landmarks, FollowUp, Rmst, ConfType, ConfLevel, Tests, FhP, FhQ,
                     Stratified, Trend, Pairwise, PAdjust, TieOption, Reference, Plot, Title, Caption, RiskTableOption, Server, ApiKey, CaFile, Json,
                 })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The time unit; dates without one are counted in days, as the service counts them.</summary>
    public string TimeUnit(ParseResult parse) =>
        parse.GetValue(Unit) is { Length: > 0 } unit ? unit : parse.GetValue(Start) is not null ? "days" : "";

    public CohortColumns Columns(ParseResult parse) => new()
    {
        Time = parse.GetValue(Time),
        Event = parse.GetValue(Event)!,
        Group = parse.GetValue(Group),
        Stratum = parse.GetValue(Stratum),
        Id = parse.GetValue(Id),
        StartDate = parse.GetValue(Start),
        EndDate = parse.GetValue(End),
    };

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
            },
        };
        if (parse.GetValue(Rmst) is { } tau) request.Options.RmstTau = tau;
        if (parse.GetValue(Plot) is { } path)
        {
            var groups = cohort.Subjects.Select(s => s.Group).Distinct().Count();
            request.Plot = new PlotOptions
            {
                Format = SurvivalImage.FormatFor(path),
                Title = parse.GetValue(Title) ?? "",
                Caption = parse.GetValue(Caption) ?? "",
                RiskTable = RiskTableNames[parse.GetValue(RiskTableOption)!],
                ShowPValue = groups > 1,
                ShowHazardRatio = groups == 2,
            };
        }
        return request;
    }
}
