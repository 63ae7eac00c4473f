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
        builder.AddSubject(a, 2, isEvent: true, builder.Cause("relapse"));
        builder.AddSubject(a, 3, isEvent: false);
        builder.AddSubject(a, 5, isEvent: true, builder.Cause("death"));
        builder.AddSubject(a, 7, isEvent: false);
        builder.AddSubject(b, 1, isEvent: true, builder.Cause("death"));
        builder.AddSubject(b, 4, isEvent: false);
        return CohortSurvival.Summarize(builder.Build(), new SurvivalSummaryOptions());
    }

    [Fact]
    public void Each_cause_is_drawn_from_its_incidence()
    {
        // Arrange
        var series = PlotSeries.ForCauses("a", Summaries()[0], nameGroup: true).ToArray();

        // Act
        var lines = series.Select(s => SeriesGeometry.Of(s, CurveKind.CumulativeIncidence, withBand: false).Line).ToArray();

        // Assert: causes in label order, death first, then the incidence of any event, 1 − S = 1/4 from 2, 5/8 from 5.
        Assert.Equal(["a: death", "a: relapse", "a: any event"], series.Select(s => s.Label));
        Assert.Equal([new(0, 0), new(5, 0), new(5, 0.375), new(7, 0.375)], lines[0]);
        Assert.Equal([new Coordinates(0, 0), new(2, 0), new(2, 0.25), new(7, 0.25)], lines[1]);
        Assert.Equal([new Coordinates(0, 0), new(2, 0), new(2, 0.25), new(5, 0.25), new(5, 0.625), new(7, 0.625)], lines[2]);
    }

    [Fact]
    public void Censorings_are_marked_once_on_the_incidence_of_any_event()
    {
        // Arrange
        var series = PlotSeries.ForCauses("a", Summaries()[0], nameGroup: true).ToArray();

        // Act
        var marks = series.Select(s => SeriesGeometry.Of(s, CurveKind.CumulativeIncidence, withBand: false).CensorMarks).ToArray();

        // Assert: the censorings at 3 and 7, where 1 − S is 1/4 and 5/8; none on a cause's line.
        Assert.Empty(marks[0]);
        Assert.Empty(marks[1]);
        Assert.Equal([new Coordinates(3, 0.25), new(7, 0.625)], marks[2]);
    }

    [Fact]
    public void Colours_tell_the_groups_apart_and_line_types_the_causes()
    {
        // Arrange
        var series = Summaries().SelectMany(g => PlotSeries.ForCauses(g.Group, g, nameGroup: true)).ToArray();

        // Act
        var styles = SeriesStyle.For(new PlotOptions(), series);

        // Assert: a's death, relapse and any event, then b's (b has no relapse but still its line type).
        Assert.Equal(["a: death", "a: relapse", "a: any event", "b: death", "b: relapse", "b: any event"], series.Select(s => s.Label));
        Assert.Equal(3, styles.Take(3).Select(s => s.Line).Distinct().Count() + 2);
        Assert.NotEqual(styles[0].Line, styles[3].Line);
        Assert.Equal(styles[0].Pattern, styles[3].Pattern);
        Assert.Equal(styles[1].Pattern, styles[4].Pattern);
        Assert.NotEqual(styles[0].Pattern.Name, styles[1].Pattern.Name);
        Assert.True(styles[2].Width < styles[0].Width, "the incidence of any event is the thinner line");
    }

    [Fact]
    public void Bands_are_off_by_default_beyond_two_curves_unless_asked()
    {
        // Arrange: two groups of two causes are four banded curves; one group's two causes are two.
        var twoGroups = Summaries().SelectMany(g => PlotSeries.ForCauses(g.Group, g, nameGroup: true)).ToArray();
        var oneGroup = PlotSeries.ForCauses("a", Summaries()[0], nameGroup: false).ToArray();
        var options = new PlotOptions { CurveKind = CurveKind.CumulativeIncidence };

        // Act and assert
        Assert.False(SurvivalFigure.DrawsBands(twoGroups, options));
        Assert.True(SurvivalFigure.DrawsBands(twoGroups, options with { ConfidenceBand = true }));
        Assert.True(SurvivalFigure.DrawsBands(oneGroup, options));
        Assert.False(SurvivalFigure.DrawsBands(oneGroup, options with { ConfidenceBand = false }));
    }

    [Fact]
    public void The_risk_table_has_one_row_per_group_counting_its_subjects_at_risk()
    {
        // Arrange
        var series = Summaries().SelectMany(g => PlotSeries.ForCauses(g.Group, g, nameGroup: true)).ToArray();
        var styles = SeriesStyle.For(new PlotOptions(), series);

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
