using Survival.Core.Inference;
using Survival.Core.MetaAnalysis;

namespace Survival.Core.Tests;

/// <summary>Pooling worked by hand, and the studies it must refuse.</summary>
public class PoolingEdgeCaseTests
{
    [Fact]
    public void Two_equally_precise_studies_pool_to_their_mean()
    {
        // Arrange: y = 0.2 and 0.6, se 0.1 each: μ = 0.4, se = 0.1/√2, Q = (0.2² + 0.2²)/0.01 = 8.
        StudyEstimate[] studies = [new("a", 0.2, 0.1), new("b", 0.6, 0.1)];

        // Act
        var pooled = InverseVariancePooling.Pool(studies, PoolingMethod.FixedEffect);

        // Assert
        Assert.Equal(0.4, pooled.Estimate, 14);
        Assert.Equal(0.1 / Math.Sqrt(2), pooled.StdError, 14);
        Assert.Equal(8, pooled.Q, 12);
        Assert.Equal(100 * 7.0 / 8, pooled.I2!.Value, 12);
        Assert.Equal([50.0, 50.0], pooled.WeightsPercent.ToArray());
        Assert.Null(pooled.PredictionLower);
    }

    [Fact]
    public void DerSimonian_Laird_adds_the_excess_of_Q_over_its_degrees_of_freedom()
    {
        // Arrange: as above, τ² = (8 − 1)/(200 − 20000/200) = 0.07.
        StudyEstimate[] studies = [new("a", 0.2, 0.1), new("b", 0.6, 0.1)];

        // Act
        var pooled = InverseVariancePooling.Pool(studies, PoolingMethod.DerSimonianLaird);

        // Assert
        Assert.Equal(0.07, pooled.Tau2, 14);
        Assert.Equal(Math.Sqrt(0.08 / 2), pooled.StdError, 14);
        var spread = ConfidenceLevel.Default.Z * Math.Sqrt(0.04 + 0.07);
        Assert.Equal(0.4 - spread, pooled.PredictionLower!.Value, 12);
    }

    [Fact]
    public void One_study_is_its_own_pooled_estimate_without_heterogeneity()
    {
        // Act
        var pooled = InverseVariancePooling.Pool([new StudyEstimate("only", -0.3, 0.2)], PoolingMethod.RestrictedMaximumLikelihood);

        // Assert
        Assert.Equal((-0.3, 0.2, 0.0), (pooled.Estimate, pooled.StdError, pooled.Tau2));
        Assert.Null(pooled.I2);
        Assert.Null(pooled.QPValue);
    }

    [Fact]
    public void Homogeneous_studies_have_no_between_study_variance()
    {
        // Arrange
        StudyEstimate[] studies = [new("a", 0.1, 0.2), new("b", 0.12, 0.3), new("c", 0.09, 0.25)];

        // Act
        var reml = InverseVariancePooling.Pool(studies, PoolingMethod.RestrictedMaximumLikelihood);

        // Assert
        Assert.Equal(0, reml.Tau2);
        Assert.Equal(0, reml.I2);
        Assert.Equal(InverseVariancePooling.Pool(studies, PoolingMethod.FixedEffect).Estimate, reml.Estimate, 14);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_study_without_a_standard_error_is_refused(double stdError)
    {
        // Act
        var error = Assert.Throws<InputRuleException>(() => InverseVariancePooling.Pool([new("a", 0.1, 0.2), new("b", 0.2, stdError)], PoolingMethod.FixedEffect));

        // Assert
        Assert.Equal("studies[1].std_error", error.Input);
    }

    [Fact]
    public void A_standard_error_follows_from_a_printed_interval()
    {
        // Arrange: HR 0.8 (0.64 to 1.0) at 95%: se = ln(1.0/0.64)/(2·1.96).
        var se = StudyEstimate.StdErrorFromInterval(0.64, 1.0, ConfidenceLevel.Default);

        // Assert
        Assert.Equal(Math.Log(1 / 0.64) / (2 * ConfidenceLevel.Default.Z), se, 14);
    }
}
