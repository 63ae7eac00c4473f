using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// The six-subject example of Therneau &amp; Grambsch (2000), Appendix E.1, worked by hand: times 1, 1, 6, 6, 8, 9 with
/// status 1, 0, 1, 1, 0, 1 and x = 1, 1, 1, 0, 0, 0 (group "1" against reference "0", r = e^β). The risk sets are
/// {all six} at t = 1 (x-sum of risks 3r + 3), {x = 1, 0, 0, 0} at t = 6 (r + 3) with two tied deaths (x = 1 and
/// x = 0), and {x = 0} at t = 9, which adds nothing. Hence
/// <code>
/// Breslow  log L = 2β − log(3r + 3) − 2 log(r + 3)
///          U = 2 − r/(r + 1) − 2r/(r + 3),   I = r/(r + 1)² + 6r/(r + 3)²,   U = 0 at r = (3 + √33)/2
/// Efron    log L = 2β − log(3r + 3) − log(r + 3) − log((r + 5)/2)
///          U = 2 − r/(r + 1) − r/(r + 3) − r/(r + 5),   I = r/(r + 1)² + 3r/(r + 3)² + 5r/(r + 5)²,
///          U = 0 where r³ − 23r − 30 = 0
/// exact    log L = 2β − 2 log(3r + 3)  (at t = 6 the pair is one of C(4, 2) = 6 sets, 3 of which hold x = 1)
///          U = 2/(r + 1) &gt; 0: the likelihood is monotone and β̂ is infinite
/// </code>
/// Concordance: the event at t = 1 (x = 1) is concordant with the three x = 0 subjects and tied in x with the two
/// other x = 1 subjects; the x = 1 event at t = 6 is concordant with the two later subjects; the x = 0 event at
/// t = 6 is tied with them; the tied events at t = 6 are not compared: C = (5 + 4/2)/9 = 7/9.
/// </summary>
public class CoxHandWorkedTests
{
    private const double Exact = 1e-9;

    private static readonly SurvivalData Data = SurvivalData.Create([1, 1, 6, 6, 8, 9], [true, false, true, true, false, true]);
    private static readonly Factor Groups = Factor.Create(["1", "1", "1", "0", "0", "0"]);

    public static TheoryData<TieMethod> Approximations => [TieMethod.Breslow, TieMethod.Efron];

    [Theory]
    [MemberData(nameof(Approximations))]
    public void Estimates_equal_the_closed_forms(TieMethod ties)
    {
        // Arrange
        var r = ties == TieMethod.Breslow ? (3 + Math.Sqrt(33)) / 2 : CubicRoot();
        var beta = Math.Log(r);
        var information = Information(ties, r);

        // Act
        var model = CoxProportionalHazards.Fit(Data, Groups, ties: ties);

        // Assert
        var term = Assert.Single(model.Coefficients);
        Assert.True(model.Converged);
        Assert.Equal("0", term.ReferenceLevel);
        Assert.Equal("1", term.Level);
        AssertClose(beta, term.Estimate.Coefficient, "coefficient");
        AssertClose(1 / Math.Sqrt(information), term.Estimate.StdError, "se");
        AssertClose(LogLikelihood(ties, 1), model.LogLikelihoodNull, "log L(0)");
        AssertClose(LogLikelihood(ties, r), model.LogLikelihood, "log L(β̂)");
        AssertClose(Math.Pow(Score(ties, 1), 2) / Information(ties, 1), model.Score.ChiSquare, "score test");
        AssertClose(beta * beta * information, model.Wald.ChiSquare, "Wald test");
        AssertClose(7.0 / 9, model.Concordance?.Value, "concordance");
    }

    [Fact]
    public void Exact_likelihood_is_monotone_so_the_model_is_not_converged()
    {
        // Arrange
        var nullLogLikelihood = -2 * Math.Log(6);

        // Act
        var model = CoxProportionalHazards.Fit(Data, Groups, ties: TieMethod.Exact);

        // Assert
        Assert.False(model.Converged);
        Assert.Contains("'1'", model.NotConvergedReason);
        Assert.Null(Assert.Single(model.Coefficients).Estimate.HazardRatio);
        Assert.Null(model.Wald.ChiSquare);
        AssertClose(nullLogLikelihood, model.LogLikelihoodNull, "log L(0)");
        AssertClose(2.0, model.Score.ChiSquare, "score test U(0)²/I(0) = 1/(1/2)");
        Assert.True(model.LogLikelihood > nullLogLikelihood && model.LogLikelihood < -2 * Math.Log(3));
    }

    private static double LogLikelihood(TieMethod ties, double r) => ties == TieMethod.Breslow
        ? 2 * Math.Log(r) - Math.Log(3 * r + 3) - 2 * Math.Log(r + 3)
        : 2 * Math.Log(r) - Math.Log(3 * r + 3) - Math.Log(r + 3) - Math.Log((r + 5) / 2);

    private static double Score(TieMethod ties, double r) => ties == TieMethod.Breslow
        ? 2 - r / (r + 1) - 2 * r / (r + 3)
        : 2 - r / (r + 1) - r / (r + 3) - r / (r + 5);

    private static double Information(TieMethod ties, double r) => ties == TieMethod.Breslow
        ? r / Math.Pow(r + 1, 2) + 6 * r / Math.Pow(r + 3, 2)
        : r / Math.Pow(r + 1, 2) + 3 * r / Math.Pow(r + 3, 2) + 5 * r / Math.Pow(r + 5, 2);

    /// <summary>The positive root of r³ − 23r − 30 = 0 by the trigonometric form of Cardano's formula.</summary>
    private static double CubicRoot()
    {
        const double p = -23, q = -30;
        return 2 * Math.Sqrt(-p / 3) * Math.Cos(Math.Acos(3 * q / (2 * p) * Math.Sqrt(-3 / p)) / 3);
    }

    private static void AssertClose(double expected, double? actual, string what)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(expected - actual.Value) <= Exact * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");
    }
}
