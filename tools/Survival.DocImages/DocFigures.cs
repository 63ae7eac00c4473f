using Survival.Plotting;
using Survival.TestSupport;
using Survival.Core;
using Survival.Core.Curves;

namespace Survival.DocImages;

/// <summary>One image in docs/images.</summary>
internal sealed record DocFigure(string Name, IReadOnlyList<PlotSeries> Series, PlotOptions Options, PlotAnnotations? Annotations = null);

/// <summary>The documentation's figures: the illustrative cohort and R reference sets, with and without the KMunicate table.</summary>
internal static class DocFigures
{
    public static IEnumerable<DocFigure> All()
    {
        var cohortOptions = new PlotOptions { TimeUnit = "months", XTickStep = 12, Caption = ExampleCohort.Disclaimer, MedianLines = true };
        foreach (var figure in WithAndWithoutKMunicate("seven_patient_os", Single("All patients", ExampleCohort.OverallSurvival()),
                     cohortOptions with { Title = "Overall survival, seven-patient cohort" }))
            yield return figure;
        foreach (var figure in WithAndWithoutKMunicate("seven_patient_pfs", Single("All patients", ExampleCohort.ProgressionFreeSurvival()),
                     cohortOptions with { Title = "Progression-free survival, seven-patient cohort", YLabel = "Progression-free survival" }))
            yield return figure;

        var lung = ReferenceSet.Named("lung_sex");
        foreach (var figure in WithAndWithoutKMunicate("lung_sex", Groups(lung),
                     new PlotOptions { Title = "NCCTG lung cancer: survival by sex", TimeUnit = "days", MedianLines = true, ShowPValue = true, ShowHazardRatio = true },
                     FromR(lung)))
            yield return figure;

        var veteran = ReferenceSet.Named("veteran_celltype");
        foreach (var figure in WithAndWithoutKMunicate("veteran_celltype", Groups(veteran),
                     new PlotOptions { Title = "Veterans' lung cancer trial: survival by cell type", TimeUnit = "days", ShowPValue = true },
                     FromR(veteran)))
            yield return figure;

        // Competing risks: the Aalen–Johansen incidence of each cause, never 1 − KM (README's mgus2 example).
        var mgus2 = CompetingRisksReference.Named("mgus2_sex");
        var bySex = CohortSurvival.Summarize(mgus2.Table(withStrata: false), new SurvivalSummaryOptions());
        yield return new DocFigure("mgus2_cumulative_incidence", [.. bySex.SelectMany(g => PlotSeries.ForCauses(g.Group, g, nameGroup: true))],
            new PlotOptions { Title = "MGUS: progression to PCM and death, by sex", TimeUnit = "months", CurveKind = CurveKind.CumulativeIncidence, ShowPValue = true },
            GrayFromR(mgus2, MgusAnyEventLogRankP));

        yield return new DocFigure("lung_sex_incidence", Groups(lung),
            new PlotOptions { Title = "NCCTG lung cancer: cumulative incidence of death", TimeUnit = "days", CurveKind = CurveKind.CumulativeIncidence, YScale = ProbabilityScale.Percent, ShowPValue = true },
            FromR(lung));
    }

    private static IEnumerable<DocFigure> WithAndWithoutKMunicate(string name, IReadOnlyList<PlotSeries> series, PlotOptions options, PlotAnnotations? annotations = null)
    {
        yield return new DocFigure(name, series, options, annotations);
        yield return new DocFigure(name + "_kmunicate", series, options with { RiskTable = RiskTableStyle.KMunicate }, annotations);
    }

    private static PlotSeries[] Single(string label, (double[] Times, bool[] Events) data) =>
        SurvivalGroups.Summarize(data.Times, data.Events, null, label).Select(g => PlotSeries.FromSummary(g.Label, g.Summary)).ToArray();

    private static PlotSeries[] Groups(ReferenceSet set) =>
        SurvivalGroups.Summarize(set).Select(g => PlotSeries.FromSummary(g.Label, g.Summary)).ToArray();

    /// <summary>R: <c>survdiff(Surv(etime, cause != "") ~ sex, examples/mgus2.csv)</c>, chi-square 9.0308 on 1 df.</summary>
    private const double MgusAnyEventLogRankP = 0.00265470329802878;

    // Gray's tests are cmprsk's (cuminc(...)$Tests in the reference file): the plot only prints them.
    private static PlotAnnotations GrayFromR(CompetingRisksReference set, double logRankP) => new(logRankP)
    {
        GrayTests = [.. set.Causes.Order(StringComparer.Ordinal)
            .Select(cause => new GrayTestAnnotation(cause, set.Root.GetProperty("gray").GetProperty(cause).GetProperty("pv").GetDouble()))],
    };

    // The p-value and hazard ratio are R's (survdiff and coxph in the reference file): the plot only prints them.
    private static PlotAnnotations FromR(ReferenceSet set)
    {
        var p = set.Root.GetProperty("logrank").GetProperty("rho_0").GetProperty("p").GetDouble();
        var cox = set.Root.GetProperty("cox").GetProperty("efron");
        var hr = cox.GetProperty("hr").ValueKind == System.Text.Json.JsonValueKind.Number
            ? new HazardRatioAnnotation(cox.GetProperty("hr").GetDouble(), cox.GetProperty("lower").GetDouble(), cox.GetProperty("upper").GetDouble())
            {
                Group = set.GroupKeys.Last(),
                ReferenceGroup = cox.GetProperty("reference").GetString(),
            }
            : null;
        return new PlotAnnotations(p, hr);
    }
}
