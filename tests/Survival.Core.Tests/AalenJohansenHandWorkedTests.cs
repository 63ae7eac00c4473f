using Survival.TestSupport;
using Survival.Core.CompetingRisks;
using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>
/// Seven subjects worked by hand: at times 1..7 an event of cause 1, of cause 2, a censoring, cause 1, cause 1, a
/// censoring and cause 2 (7, 6, …, 1 at risk). S falls to 0 at 7 and each cause ends at 1/2.
/// </summary>
public class AalenJohansenHandWorkedTests
{
    private static readonly (double Time, int Status)[] Seven = [(1, 1), (2, 2), (3, 0), (4, 1), (5, 1), (6, 0), (7, 2)];

    private static CumulativeIncidenceCurve Estimate((double Time, int Status)[] subjects, ConfidenceType type = ConfidenceType.Log) =>
        CauseCounts.Tabulate(subjects, 2).Estimate(type, 0.95);

    private static void AssertClose(double[] expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var j = 0; j < expected.Length; j++) Assert.Equal(expected[j], actual[j], 15);
    }

    [Fact]
    public void Incidence_in_closed_form()
    {
        // Act
        var curve = Estimate(Seven);

        // Assert: F1 = 1/7, +5/7·1/4 at 4, +15/28·1/3 at 5; F2 = 6/7·1/6 at 2, +5/14·1 at 7.
        AssertClose([1.0 / 7, 1.0 / 7, 1.0 / 7, 9.0 / 28, 0.5, 0.5, 0.5], curve.Causes[0].Probability);
        AssertClose([0, 1.0 / 7, 1.0 / 7, 1.0 / 7, 1.0 / 7, 1.0 / 7, 0.5], curve.Causes[1].Probability);
        AssertClose([6.0 / 7, 5.0 / 7, 5.0 / 7, 15.0 / 28, 5.0 / 14, 5.0 / 14, 0], curve.Survival.Probability);
        Assert.Equal([7, 6, 5, 4, 3, 2, 1], curve.AtRisk.ToArray());
    }

    [Fact]
    public void First_row_standard_error_is_the_binomial_one()
    {
        // Act
        var curve = Estimate(Seven);

        // Assert: one event among 7 — every derivative is (dN_i − 1/7)/7, so Var = p(1 − p)/n for p = 1/7.
        var binomial = Math.Sqrt(1.0 / 7 * (6.0 / 7) / 7);
        Assert.Equal(binomial, curve.Causes[0].StdError[0], 15);
        Assert.Equal(binomial, curve.Survival.StdError[0], 15);
        Assert.Equal(0, curve.Causes[1].StdError[0]);
    }

    [Fact]
    public void All_cause_survival_is_Kaplan_Meier_with_Greenwood()
    {
        // Arrange
        var km = KaplanMeier.Estimate(SurvivalData.Create(Seven.Select(s => s.Time).ToArray(), Seven.Select(s => s.Status != 0).ToArray()));

        // Act
        var curve = Estimate(Seven);

        // Assert: the IJ variance of S is Greenwood's; where S reaches 0 both the estimate and its error are 0.
        for (var j = 0; j < km.Times.Length - 1; j++)
        {
            Assert.Equal(km.Survival[j], curve.Survival.Probability[j], 15);
            Assert.Equal(km.StdErrSurvival(j)!.Value, curve.Survival.StdError[j], 15);
        }
        Assert.Equal(0, curve.Survival.StdError[^1]);
    }

    [Fact]
    public void Survival_and_incidences_add_up_to_one()
    {
        // Act
        var curve = Estimate(Seven);

        // Assert
        for (var j = 0; j < curve.Times.Length; j++)
            Assert.Equal(1, curve.Survival.Probability[j] + curve.Causes.Sum(c => c.Probability[j]), 15);
    }

    [Fact]
    public void Log_interval_is_symmetric_on_the_log_of_the_incidence()
    {
        // Arrange
        var z = ConfidenceLevel.Default.Z;

        // Act
        var curve = Estimate(Seven);

        // Assert
        var p = curve.Causes[0].Probability[3];
        var se = curve.Causes[0].StdError[3];
        Assert.Equal(p * Math.Exp(-z * se / p), curve.Causes[0].Lower[3]!.Value, 15);
        Assert.Equal(Math.Min(1, p * Math.Exp(z * se / p)), curve.Causes[0].Upper[3]!.Value, 15);
    }
}
