using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>
/// The illustrative seven-patient OS cohort worked by hand: deaths at 9 (6 at risk) and 14 (2 at risk),
/// censorings at 8, 10, 11, 13 and 51.
/// </summary>
public class KaplanMeierHandWorkedTests
{
    private static readonly SurvivalData SevenPatients = SurvivalData.Create(
        [9, 51, 14, 8, 11, 13, 10],
        [true, false, true, false, false, false, false]);

    [Fact]
    public void Product_limit_Greenwood_and_Nelson_Aalen_in_closed_form()
    {
        // Act
        var curve = KaplanMeier.Estimate(SevenPatients);

        // Assert: rows 8, 9, 10, 11, 13, 14, 51.
        Assert.Equal([8, 9, 10, 11, 13, 14, 51], curve.Times.ToArray());
        Assert.Equal(5.0 / 6, curve.Survival[1], 15);
        Assert.Equal(5.0 / 6 * (1 - 1.0 / 2), curve.Survival[5], 15);
        Assert.Equal(Math.Sqrt(1.0 / 30 + 1.0 / 2), curve.StdErrLogSurvival[5], 15);
        Assert.Equal(1.0 / 6 + 1.0 / 2, curve.CumulativeHazard[5], 15);
        Assert.Equal(Math.Sqrt(1.0 / 36 + 1.0 / 4), curve.CumulativeHazardStdErr[5], 15);
    }

    [Fact]
    public void Log_interval_at_nine_months_in_closed_form()
    {
        // Arrange
        var curve = KaplanMeier.Estimate(SevenPatients);
        var z = ConfidenceLevel.Default.Z;

        // Act
        var band = ConfidenceBand.Compute(curve, ConfidenceType.Log, ConfidenceLevel.Default);

        // Assert
        Assert.Equal(1.959963984540054, z, 14);
        Assert.Equal(5.0 / 6 * Math.Exp(-z * Math.Sqrt(1.0 / 30)), band.Lower[1]!.Value, 15);
        Assert.Equal(1, band.Upper[1]);
    }

    [Fact]
    public void Restricted_mean_to_24_months_in_closed_form()
    {
        // Arrange: S = 1 on [0, 9), 5/6 on [9, 14), 5/12 on [14, 24]; A(9) = 25/3, A(14) = 25/6.
        var curve = KaplanMeier.Estimate(SevenPatients);

        // Act
        var rmst = RestrictedMeanSurvivalTime.Estimate(curve, 24, ConfidenceLevel.Default);

        // Assert
        Assert.Equal(9 + 5 * 5.0 / 6 + 10 * 5.0 / 12, rmst.Estimate, 13);
        Assert.Equal(Math.Sqrt(25.0 / 3 * 25.0 / 3 / 30 + 25.0 / 6 * 25.0 / 6 / 2), rmst.StdError, 13);
        Assert.Equal(rmst.Estimate - ConfidenceLevel.Default.Z * rmst.StdError, rmst.Lower, 13);
    }

    [Fact]
    public void Median_is_the_time_the_curve_first_falls_to_one_half()
    {
        // Arrange
        var curve = KaplanMeier.Estimate(SevenPatients);
        var band = ConfidenceBand.Compute(curve, ConfidenceType.Log, ConfidenceLevel.Default);

        // Act
        var median = SurvivalQuantile.Estimate(curve, band, [0.5])[0];

        // Assert: S(14) = 5/12 < 1/2; the log lower curve first falls below 1/2 at 14, the upper never does.
        Assert.Equal(14, median.Time);
        Assert.Equal(14, median.Lower);
        Assert.Null(median.Upper);
    }
}
