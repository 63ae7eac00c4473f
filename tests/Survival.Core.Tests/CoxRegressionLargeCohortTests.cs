using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Numerics;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// Cohorts large enough that the regression's per-subject passes run in two halves side by side
/// (<see cref="ParallelHalves.Threshold"/> subjects) and the concordance's sweep in two halves, the upper one in
/// descending η (<see cref="CoxConcordance.SplitThreshold"/>): the halves must give what one pass gives. Entry times of
/// 0 leave every risk set as it is but take the likelihood's delayed-entry path, which runs in one piece, so the fit
/// with them is the reference for the fit without.
/// </summary>
public class CoxRegressionLargeCohortTests
{
    private const int Subjects = 3 * ParallelHalves.Threshold;

    // Both fits sum the same terms in other orders: equal to rounding.
    private const double Tolerance = 1e-10;

    public static TheoryData<TieMethod> Ties => [TieMethod.Breslow, TieMethod.Efron];

    [Fact]
    public void Radix_order_in_halves_is_the_stable_order()
    {
        // Arrange
        var random = new Random(7);
        var values = Enumerable.Range(0, Subjects).Select(_ => Math.Round(random.NextDouble() * 50 - 25, 1)).ToArray();
        var keys = values.Select(RadixOrder.Ascending).ToArray();

        // Act
        var order = RadixOrder.Sort(keys);

        // Assert
        Assert.Equal(Enumerable.Range(0, Subjects).OrderBy(i => values[i]).ToArray(), order);
        Assert.Equal(order.Select(i => RadixOrder.Ascending(values[i])).ToArray(), keys);
        Assert.Equal(order.Select(i => values[i] + 0.0).ToArray(), keys.Select(RadixOrder.FromAscending).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(5_000)]
    [InlineData(Subjects)]
    public void Radix_order_of_values_on_many_scales_is_the_stable_order(int count)
    {
        // Arrange: values over many exponents (many short runs of equal high bytes, sorted by insertion), with repeats.
        var random = new Random(count);
        var values = Enumerable.Range(0, count)
            .Select(_ => Math.Round((random.Next(2) == 0 ? -1 : 1) * Math.Exp(random.NextDouble() * 40 - 20), 3)).ToArray();
        var keys = values.Select(RadixOrder.Ascending).ToArray();

        // Act
        var order = RadixOrder.Sort(keys);

        // Assert
        Assert.Equal(Enumerable.Range(0, count).OrderBy(i => values[i]).ToArray(), order);
    }

    [Theory]
    [MemberData(nameof(Ties))]
    public void A_fit_in_halves_equals_the_fit_in_one_piece(TieMethod ties)
    {
        // Arrange
        var random = new Random(11);
        var x = new double[Subjects];
        var times = new double[Subjects];
        var events = new bool[Subjects];
        var groups = new string[Subjects];
        for (var i = 0; i < Subjects; i++)
        {
            x[i] = random.NextDouble() * 2 - 1;
            groups[i] = "ABC"[random.Next(3)].ToString();
            var eventTime = -Math.Log(1 - random.NextDouble()) / Math.Exp(0.5 * x[i] + (groups[i] == "B" ? 0.3 : 0));
            var censorTime = 3 * random.NextDouble();
            times[i] = Math.Round(Math.Min(eventTime, censorTime), 2) + 0.01;
            events[i] = eventTime <= censorTime;
        }
        CoxCovariate[] terms = [new NumericCovariate("x", [.. x]), new FactorCovariate("g", Factor.Create(groups))];
        var options = CoxRegressionOptions.Default with { Ties = ties };

        // Act
        var halves = CoxRegression.Fit(CoxRegressionData.Create(SurvivalData.Create(times, events), terms), options);
        var whole = CoxRegression.Fit(CoxRegressionData.Create(SurvivalData.Create(new double[Subjects], times, events), terms), options);

        // Assert
        for (var c = 0; c < whole.Coefficients.Length; c++)
        {
            AssertClose(whole.Coefficients[c].Estimate.Coefficient!.Value, halves.Coefficients[c].Estimate.Coefficient!.Value);
            AssertClose(whole.Coefficients[c].Estimate.StdError!.Value, halves.Coefficients[c].Estimate.StdError!.Value);
        }
        AssertClose(whole.LogLikelihood!.Value, halves.LogLikelihood!.Value);
        AssertClose(whole.Concordance!.Value, halves.Concordance!.Value);
        AssertClose(whole.Concordance.StdError!.Value, halves.Concordance.StdError!.Value);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_concordance_swept_in_two_parts_equals_the_sweep_in_one_piece(bool delayedEntry, bool weighted)
    {
        // Arrange: η on a grid of 0.01, so that groups of equal η cross the cut, and times with ties.
        var random = new Random(13);
        var x = new double[Subjects];
        var entries = new double[Subjects];
        var times = new double[Subjects];
        var events = new bool[Subjects];
        var weights = new double[Subjects];
        for (var i = 0; i < Subjects; i++)
        {
            x[i] = Math.Round(random.NextDouble() * 4 - 2, 2);
            times[i] = Math.Round(random.NextDouble() * 5, 2) + 0.02;
            entries[i] = delayedEntry ? Math.Round(random.NextDouble() * (times[i] - 0.01), 2) : 0;
            events[i] = random.NextDouble() < 0.6;
            weights[i] = 1 + random.Next(3);
        }
        var survival = delayedEntry ? SurvivalData.Create(entries, times, events) : SurvivalData.Create(times, events);
        if (weighted) survival = survival.WithWeights(weights);
        var data = CoxRegressionData.Create(survival, [new NumericCovariate("x", [.. x])]);
        var rows = CoxRows.OfSubjects(data.Survival, data.Strata, null, CoxDesign.Build(data.Terms, Subjects));
        var eta = new double[Subjects];
        rows.LinearPredictor([0.8], eta);

        // Act
        var parts = CoxConcordance.Compute(rows, eta)!;
        var whole = CoxConcordance.Compute(rows, eta, splitThreshold: int.MaxValue)!;

        // Assert: the pair counts are sums of whole numbers (whole weights), so they are equal exactly.
        Assert.Equal((whole.Concordant, whole.Discordant, whole.TiedRisk), (parts.Concordant, parts.Discordant, parts.TiedRisk));
        Assert.True(whole.TiedRisk > 0);
        AssertClose(whole.Value, parts.Value);
        AssertClose(whole.StdError!.Value, parts.StdError!.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Times_apart_by_rounding_alone_are_one_time_as_R_timefix_makes_them(bool stratified)
    {
        // Arrange: every time t written once as t and once as t plus a relative 1e-12, which R's timefix merges.
        var random = new Random(17);
        var x = new double[Subjects];
        var times = new double[Subjects];
        var events = new bool[Subjects];
        var strata = new string[Subjects];
        for (var i = 0; i < Subjects; i++)
        {
            x[i] = random.NextDouble();
            times[i] = Math.Round(random.NextDouble() * 10, 1) + 0.1;
            events[i] = random.NextDouble() < 0.7;
            strata[i] = "AB"[random.Next(2)].ToString();
        }
        var noisy = times.Select((t, i) => i % 2 == 0 ? t : t * (1 + 1e-12)).ToArray();
        CoxCovariate[] terms = [new NumericCovariate("x", [.. x])];
        var stratum = stratified ? Factor.Create(strata) : null;

        // Act
        var exact = CoxRegression.Fit(CoxRegressionData.Create(SurvivalData.Create(times, events), terms, stratum), CoxRegressionOptions.Default);
        var merged = CoxRegression.Fit(CoxRegressionData.Create(SurvivalData.Create(noisy, events), terms, stratum), CoxRegressionOptions.Default);

        // Assert
        AssertClose(exact.Coefficients[0].Estimate.Coefficient!.Value, merged.Coefficients[0].Estimate.Coefficient!.Value);
        AssertClose(exact.LogLikelihood!.Value, merged.LogLikelihood!.Value);
        Assert.Equal(exact.Concordance!.TiedRisk, merged.Concordance!.TiedRisk);
        AssertClose(exact.Concordance.Value, merged.Concordance.Value);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
