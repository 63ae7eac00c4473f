using Survival.TestSupport;
using Survival.Core;
using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.IntervalCensoring;
using Survival.Core.Parametric;

namespace Survival.Plotting.Tests;

/// <summary>Series and annotations the tests draw: R reference sets and the illustrative cohort.</summary>
internal static class Samples
{
    public static IReadOnlyList<PlotSeries> Groups(string referenceSet) =>
        SurvivalGroups.Summarize(ReferenceSet.Named(referenceSet)).Select(g => PlotSeries.FromSummary(g.Label, g.Summary)).ToArray();

    public static IReadOnlyList<PlotSeries> SevenPatientOs()
    {
        var (times, events) = ExampleCohort.OverallSurvival();
        return SurvivalGroups.Summarize(times, events, null, "All patients").Select(g => PlotSeries.FromSummary(g.Label, g.Summary)).ToArray();
    }

    public static KaplanMeierCurve Curve(params (double Time, bool Event)[] subjects) =>
        KaplanMeier.Estimate(SurvivalData.Create(subjects.Select(s => s.Time).ToArray(), subjects.Select(s => s.Event).ToArray()));

    /// <summary>mgus2 by sex, each cause's Aalen–Johansen incidence and the incidence of any event.</summary>
    public static IReadOnlyList<PlotSeries> Mgus2BySex() =>
        [.. CohortSurvival.Summarize(CompetingRisksReference.Named("mgus2_sex").Table(withStrata: false), new SurvivalSummaryOptions())
            .SelectMany(g => PlotSeries.ForCauses(g.Group, g, nameGroup: true))];

    /// <summary>
    /// cmprsk's Gray's tests for mgus2 by sex (<c>cuminc(etime, cause, sex)$Tests</c> in the reference file) and R's
    /// <c>survdiff(Surv(etime, cause != "") ~ sex)</c> of any event (chi-square 9.0308 on 1 df).
    /// </summary>
    public static PlotAnnotations Mgus2Annotations => new(0.00265470329802878)
    {
        GrayTests = [new GrayTestAnnotation("death", 0.000641590976407924), new GrayTestAnnotation("pcm", 0.274422156788004)],
    };

    /// <summary>
    /// KMsurv's bcdeter (tests/fixtures/r-parametric/interval_bcdeter): each arm's Turnbull estimate, and the Weibull and
    /// log-normal fits of the arm factor at each arm, to 60 months.
    /// </summary>
    public static (IReadOnlyList<PlotSeries> Turnbull, IReadOnlyList<FittedCurve> Fits) BreastCosmesisFits()
    {
        var set = ParametricReferenceSet.Named("interval_bcdeter");
        var builder = new IntervalCountingTable.Builder();
        var arms = set.Factors["group"];
        for (var i = 0; i < set.Times.Length; i++)
        {
            var (left, right) = set.Kinds[i] switch
            {
                CensoringKind.Exact => (set.Times[i], set.Times[i]),
                CensoringKind.RightCensored => (set.Times[i], double.PositiveInfinity),
                CensoringKind.LeftCensored => (0, set.Times[i]),
                _ => (set.Times[i], set.Upper![i]),
            };
            builder.Add(builder.Cell(arms[i], ""), left, right);
        }
        var table = builder.Build();
        var estimates = new IntervalSummaryOptions { BootstrapReplicates = 0 };
        var turnbull = Enumerable.Range(0, table.GroupCount)
            .Select(g => TurnbullSeries.From(table.Groups[g], TurnbullSummary.Summarize(table.Group(g), estimates), estimates.Type, estimates.Level))
            .ToArray();
        var options = new ParametricOptions
        {
            Horizon = 60,
            Profiles = [.. table.Groups.Select(g => new ParametricProfile(g, new Dictionary<string, double>(), new Dictionary<string, string> { ["group"] = g }))],
        };
        var data = ParametricData.FromIntervals(table, groupTerm: true, stratified: false);
        var fits = new[] { ParametricDistribution.Weibull, ParametricDistribution.LogNormal }
            .Select(d => ParametricRegression.Fit(data, d, options))
            .SelectMany(fit => fit.Predictions.Select(p => new FittedCurve(
                $"{fit.Distribution} (AIC {fit.Aic:F1})", (int)fit.Distribution,
                [.. p.Curve.Select(c => c.Time)], [.. p.Curve.Select(c => c.Survival)], [.. p.Curve.Select(c => c.Hazard)])))
            .ToArray();
        return (turnbull, fits);
    }

    /// <summary>R's log-rank p and Efron hazard ratio for lung by sex (survdiff, coxph).</summary>
    public static PlotAnnotations LungAnnotations => new(0.00155846981751004, new HazardRatioAnnotation(1.68824793444691, 1.21599036739518, 2.34391748864733));

    /// <summary>Everything drawn: two groups, bands, marks, medians, test results and the KMunicate table.</summary>
    public static PlotOptions Everything => new()
    {
        TimeUnit = "days",
        Title = "Survival by sex",
        Caption = "R's lung data set",
        MedianLines = true,
        ShowPValue = true,
        ShowHazardRatio = true,
        RiskTable = RiskTableStyle.KMunicate,
    };
}
