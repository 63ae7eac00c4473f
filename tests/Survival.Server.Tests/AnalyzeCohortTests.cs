using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>AnalyzeCohort: estimates, comparison and plot in one call, each equal to its own RPC's answer.</summary>
[Collection(ServerCollection.Name)]
public class AnalyzeCohortTests(ServerFixture server)
{
    [Fact]
    public async Task One_group_gives_estimates_without_comparison_or_plot()
    {
        // Arrange
        var cohort = Cohorts.Of((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false));

        // Act
        var response = await server.Client.AnalyzeCohortAsync(new AnalyzeCohortRequest { Cohort = cohort });

        // Assert
        Assert.Equal(14, response.Estimates.Groups.Single().Median.Time);
        Assert.Null(response.Comparison);
        Assert.Null(response.Plot);
    }

    [Fact]
    public async Task Two_groups_give_estimates_comparison_and_plot_equal_to_the_separate_calls()
    {
        // Arrange
        var cohort = Cohorts.From(ReferenceSet.Named("lung_sex"));
        var options = new EstimateOptions { LandmarkTimes = { 365 }, RmstTau = 730 };
        var comparison = new ComparisonOptions { Weights = { TestWeight.Logrank, TestWeight.PetoPeto }, Ties = TieMethod.Breslow, Pairwise = true };
        var plot = new PlotOptions { ShowPValue = true, RiskTable = RiskTable.Kmunicate };

        // Act
        var response = await server.Client.AnalyzeCohortAsync(new AnalyzeCohortRequest { Cohort = cohort, Options = options, Comparison = comparison, Plot = plot });
        var estimates = await server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort, Options = options });
        var compared = await server.Client.CompareGroupsAsync(new CompareGroupsRequest
        {
            Cohort = cohort, Weights = { comparison.Weights }, Ties = comparison.Ties, Pairwise = true,
        });
        var rendered = await server.Client.RenderSurvivalPlotAsync(new RenderSurvivalPlotRequest { Cohort = cohort, Options = options, Plot = plot });

        // Assert
        Assert.Equal(estimates, response.Estimates);
        Assert.Equal(compared, response.Comparison);
        Assert.Equal(rendered, response.Plot);
    }

    [Fact]
    public async Task Comparison_options_are_checked_under_their_path()
    {
        // Arrange
        var request = new AnalyzeCohortRequest
        {
            Cohort = Cohorts.From(ReferenceSet.Named("aml")),
            Comparison = new ComparisonOptions { ReferenceGroup = "placebo" },
        };

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => server.Client.AnalyzeCohortAsync(request).ResponseAsync, "comparison.reference_group");
    }

    [Fact]
    public async Task An_unknown_reference_group_is_rejected_even_with_one_group()
    {
        // Arrange
        var request = new AnalyzeCohortRequest
        {
            Cohort = Cohorts.Of((3, true), (5, false)),
            Comparison = new ComparisonOptions { ReferenceGroup = "placebo" },
        };

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(() => server.Client.AnalyzeCohortAsync(request).ResponseAsync, "comparison.reference_group");
    }

    [Fact]
    public async Task The_plotted_hazard_ratio_is_the_one_the_response_reports()
    {
        // Arrange: Breslow ties and a Peto–Peto test only, so the plot cannot reuse a log-rank test.
        var request = new AnalyzeCohortRequest
        {
            Cohort = Cohorts.From(ReferenceSet.Named("aml")),
            Comparison = new ComparisonOptions { Weights = { TestWeight.PetoPeto }, Ties = TieMethod.Breslow },
            Plot = new PlotOptions { Format = ImageFormat.Svg, ShowPValue = true, ShowHazardRatio = true },
        };

        // Act
        var response = await server.Client.AnalyzeCohortAsync(request);

        // Assert
        var term = response.Comparison.Cox.Terms.Single();
        var printed = $"HR {term.Group} vs {response.Comparison.Cox.ReferenceGroup} {term.HazardRatio_.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}";
        Assert.Contains(printed, response.Plot.Image.ToStringUtf8());
    }
}
