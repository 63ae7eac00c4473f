using ScottPlot;
using Survival.Core;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Curves;

namespace Survival.Plotting.Tests;

/// <summary>With competing causes the cumulative-incidence figure draws each cause's Aalen–Johansen estimate, never 1 − S.</summary>
public class CompetingCausesPlotTests
{
    // Group a: 2 (relapse), 3 (censored), 5 (death), 7 (censored): F_relapse = 1/4 from 2; F_death = S(2−)… = 3/4 · 1/2 = 3/8
    // from 5, whereas 1 − S = 5/8 there. Group b: 1 (death), 4 (censored).
    private static IReadOnlyList<GroupSummary> Summaries()
    {
        var builder = new CountingTable.Builder();
        var (a, b) = (builder.Cell("a", ""), builder.Cell("b", ""));
        builder.AddSubject(a, new SubjectRow(2, IsEvent: true) { Cause = builder.Cause("relapse") });
        builder.AddSubject(a, new SubjectRow(3, IsEvent: false));
        builder.AddSubject(a, new SubjectRow(5, IsEvent: true) { Cause = builder.Cause("death") });
        builder.AddSubject(a, new SubjectRow(7, IsEvent: false));
        builder.AddSubject(b, new SubjectRow(1, IsEvent: true) { Cause = builder.Cause("death") });
        builder.AddSubject(b, new SubjectRow(4, IsEvent: false));
        return CohortSurvival.Summarize(builder.Build(), new SurvivalSummaryOptions());
    }

    [Fact]
    public void Each_cause_is_drawn_from_its_incidence()
    {
        // Arrange
        var series = PlotSeries.ForCauses("a", Summaries()[0], nameGroup: true).ToArray();

        // Act
        var lines = series.Select(s => SeriesGeometry.Of(s, CurveKind.CumulativeIncidence, withBand: false).Line).ToArray();

        // Assert: causes in label order, death first.
        Assert.Equal(["a: death", "a: relapse"], series.Select(s => s.Label));
        Assert.Equal([new(0, 0), new(5, 0), new(5, 0.375), new(7, 0.375)], lines[0]);
        Assert.Equal([new Coordinates(0, 0), new(2, 0), new(2, 0.25), new(7, 0.25)], lines[1]);
    }

    [Fact]
    public void The_risk_table_has_one_row_per_group_counting_its_subjects_at_risk()
    {
        // Arrange
        var series = Summaries().SelectMany(g => PlotSeries.ForCauses(g.Group, g, nameGroup: true)).ToArray();
        var styles = SeriesStyle.For(new PlotOptions(), series.Length);

        // Act
        var rows = RiskTableRow.For(RiskTableStyle.AtRisk, series, styles, [0, 4]);

        // Assert
        Assert.Equal(["Number at risk", "a", "b"], rows.Select(r => r.Label));
        Assert.Equal([4, 2], rows[1].Counts!);
        Assert.Equal([2, 1], rows[2].Counts!);
    }

    [Fact]
    public void An_incidence_that_does_not_match_its_curve_is_rejected()
    {
        // Arrange
        var summaries = Summaries();
        var series = PlotSeries.ForCauses("a", summaries[0], nameGroup: true).First() with { Curve = summaries[1].Summary.Curve };

        // Act and assert
        Assert.Throws<InputRuleException>(() => PlotInputRules.Check([series], new PlotOptions { CurveKind = CurveKind.CumulativeIncidence }, null));
    }
}
