using Survival.Core.Inference;

namespace Survival.Plotting.Tests;

public class AnnotationTextTests
{
    [Theory]
    [InlineData(0.0123, "Log-rank p = 0.0123")]
    [InlineData(0.00155846981751004, "Log-rank p = 0.0016")]
    [InlineData(0.927727233340074, "Log-rank p = 0.9277")]
    [InlineData(0.0001, "Log-rank p = 0.0001")]
    [InlineData(0.0000999, "Log-rank p < 0.0001")]
    [InlineData(1.27e-5, "Log-rank p < 0.0001")]
    [InlineData(0, "Log-rank p < 0.0001")]
    public void Log_rank_p_has_four_decimals_or_a_bound(double p, string expected)
    {
        // Act
        var text = AnnotationText.LogRank(p);

        // Assert
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData(0.000641590976407924, "Gray's test, death: p = 0.0006")]
    [InlineData(0.00003, "Gray's test, death: p < 0.0001")]
    [InlineData(null, "Gray's test, death: p not estimable")]
    public void Grays_test_names_its_cause(double? p, string expected)
    {
        // Act
        var text = AnnotationText.Gray(new GrayTestAnnotation("death", p));

        // Assert
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Hazard_ratio_has_two_decimals_and_its_level()
    {
        // Arrange
        var hr = new HazardRatioAnnotation(0.5512, 0.4049, 0.7567);
        var hr90 = hr with { Level = new ConfidenceLevel(0.9) };

        // Act
        var text = AnnotationText.HazardRatio(hr);
        var text90 = AnnotationText.HazardRatio(hr90);

        // Assert
        Assert.Equal("HR 0.55 (95% CI 0.40–0.76)", text);
        Assert.Equal("HR 0.55 (90% CI 0.40–0.76)", text90);
    }
}
