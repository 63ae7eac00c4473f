using Survival.Core.IntervalCensoring;
using Survival.Core.Parametric;
using Survival.Core.Regression;
using Survival.TestSupport;

namespace Survival.Core.Tests.IntervalCensoring;

/// <summary>
/// Parametric fits of interval-censored data (issue 25, item 4). Against R (tests/fixtures/r-parametric/interval_*,
/// tools/reference/generate-parametric-reference.R): the exponential, Weibull, log-normal and log-logistic equal
/// <c>survreg(Surv(lo, hi, type = "interval2") ~ ..., control = survreg.control(rel.tolerance = 1e-12))</c> — coefficients,
/// Log(scale), their standard errors and the log-likelihood within 1e-9 relative; the Gompertz and generalized gamma
/// equal the likelihood written out and maximised in R within 1e-6. The group factor read from the interval counting
/// table gives the per-subject fit; on unseen random data the fit is the maximum of a plain likelihood.
/// </summary>
public class IntervalParametricTests
{
    private const double Survreg = 1e-9;
    private const double Written = 1e-6;

    public static TheoryData<string, string> IntervalFits()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, distribution) in ParametricReferenceSet.Fits())
            if (file.StartsWith("interval_", StringComparison.Ordinal) && file != "interval_kinds") data.Add(file, distribution);
        return data;
    }

    [Theory]
    [MemberData(nameof(IntervalFits))]
    public void Fits_of_interval_censored_sets_equal_R(string file, string distribution)
    {
        // Arrange
        var set = ParametricReferenceSet.Named(file);
        var expected = set.Fit(distribution);
        var tolerance = set.IsSurvreg(distribution) ? Survreg : Written;

        // Act
        var fit = ParametricReferenceTests.Fit(set, distribution);

        // Assert
        Assert.True(fit.Converged, fit.NotConvergedReason);
        Assert.Equal(Json.Strings(expected.GetProperty("names")).Take(fit.Coefficients.Length), fit.Coefficients.Select(c => c.Name));
        var coef = Json.Doubles(expected, "coef");
        var se = Json.Doubles(expected, "se");
        // A maximum found numerically (the written likelihood) is only as sharp as the curvature: its estimates are
        // compared relative to the larger of their size and their standard error.
        for (var c = 0; c < coef.Length; c++)
            Tolerance.Equal(coef[c], fit.Coefficients[c].Estimate, $"coef[{c}]", tolerance * Scale(coef[c], se[c], set.IsSurvreg(distribution)));
        // R's standard errors of the written likelihood come from numDeriv's Richardson Hessian, good to about 1e-4.
        var errors = set.IsSurvreg(distribution) ? Survreg : 1e-4;
        Tolerance.Equal(se, [.. fit.Coefficients.Select(c => c.StdError)], "se", errors);
        if (expected.TryGetProperty("ancillary", out _))
        {
            var values = Json.Doubles(expected, "ancillary");
            var ses = Json.Doubles(expected, "ancillary_se");
            var estimates = fit.Ancillary.Where(a => a.Name is "Log(scale)" or "shape" or "Log(sigma)" or "Q").ToArray();
            for (var a = 0; a < values.Length; a++)
                Tolerance.Equal(values[a], estimates[a].Estimate, $"ancillary[{a}]", tolerance * Scale(values[a], ses[a], set.IsSurvreg(distribution)));
            Tolerance.Equal(ses, [.. estimates.Select(a => a.StdError)], "ancillary se", errors);
        }
        Tolerance.Equal(Json.Double(expected.GetProperty("loglik")), fit.LogLikelihood, "loglik", Survreg);
        Tolerance.Equal(Json.Double(expected.GetProperty("loglik_null")), fit.LogLikelihoodNull, "loglik null", Survreg);
        Tolerance.Equal(Json.Double(expected.GetProperty("aic")), fit.Aic, "AIC", Survreg);
    }

    private static double Scale(double? estimate, double? se, bool survreg) =>
        survreg ? 1 : Math.Max(1, se!.Value / Math.Abs(estimate!.Value));

    [Theory]
    [InlineData(ParametricDistribution.Weibull)]
    [InlineData(ParametricDistribution.LogNormal)]
    [InlineData(ParametricDistribution.Gompertz)]
    [InlineData(ParametricDistribution.GeneralizedGamma)]
    public void The_interval_counting_table_gives_the_per_subject_fit(ParametricDistribution distribution)
    {
        // Arrange: bcdeter's 95 women once per subject, once as the table's distinct intervals per arm with counts.
        var set = ParametricReferenceSet.Named("interval_bcdeter");
        var (left, right) = Interval2(set);
        var builder = new IntervalCountingTable.Builder();
        var arms = set.Factors["group"];
        for (var i = 0; i < left.Length; i++) builder.Add(builder.Cell(arms[i], ""), left[i], right[i]);
        var table = builder.Build();

        // Act
        var perSubject = ParametricRegression.Fit(set.Data(), distribution, ParametricReferenceTests.Options(set));
        var counted = ParametricRegression.Fit(ParametricData.FromIntervals(table, groupTerm: true, stratified: false), distribution, ParametricReferenceTests.Options(set));

        // Assert
        Assert.True(table.Cell(0, 0).Count + table.Cell(0, 1).Count < left.Length, "the table has fewer rows than subjects");
        Assert.Equal(perSubject.Coefficients.Select(c => c.Name), counted.Coefficients.Select(c => c.Name));
        Tolerance.Equal([.. perSubject.Coefficients.Select(c => c.Estimate)], [.. counted.Coefficients.Select(c => c.Estimate)], "coef", 1e-9);
        Tolerance.Equal([.. perSubject.Coefficients.Select(c => c.StdError)], [.. counted.Coefficients.Select(c => c.StdError)], "se", 1e-8);
        Tolerance.Equal(perSubject.LogLikelihood, counted.LogLikelihood, "loglik", 1e-12);
        Tolerance.Equal(perSubject.Bic, counted.Bic, "BIC (n = subjects)", 1e-12);
    }

    [Fact]
    public void Intervals_map_onto_the_four_kinds_as_interval2()
    {
        // Arrange: exact, right-censored, left-censored (left 0), interval.
        double[] left = [3, 4, 0, 2];
        double[] right = [3, double.PositiveInfinity, 5, 6];

        // Act
        var kinds = left.Zip(right, CensoredObservations.KindOf).ToArray();

        // Assert
        Assert.Equal([(CensoringKind.Exact, 3.0), (CensoringKind.RightCensored, 4.0), (CensoringKind.LeftCensored, 5.0), (CensoringKind.Interval, 2.0)], kinds);
        var error = Assert.Throws<InputRuleException>(() => CensoredObservations.FromIntervals([2.0], [1.0]));
        Assert.Equal("right[0]", error.Input);
    }

    public static TheoryData<ParametricDistribution> Distributions() => [.. Enum.GetValues<ParametricDistribution>()];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void On_unseen_random_scans_the_fit_is_the_maximum_of_a_plain_likelihood(ParametricDistribution distribution)
    {
        // Arrange: 250 subjects with a covariate, scanned every 6 to 10 time units until drop-out; some deaths exact.
        var random = new Random(9000 + (int)distribution);
        var n = 250;
        var (left, right, x) = (new double[n], new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            x[i] = random.NextDouble() * 2 - 1;
            var t = 40 * Math.Exp(0.4 * x[i]) * Math.Pow(-Math.Log(1 - random.NextDouble()), 0.8);
            var dropout = 20 + 100 * random.NextDouble();
            var (last, scan) = (0.0, 0.0);
            while (scan < t && scan < dropout) (last, scan) = (scan, scan + 6 + 4 * random.NextDouble());
            if (random.NextDouble() < 0.1 && t < dropout) (left[i], right[i]) = (t, t);
            else if (scan >= dropout || t >= dropout) (left[i], right[i]) = (last, double.PositiveInfinity);
            else (left[i], right[i]) = (last, scan);
            if (left[i] == 0 && double.IsPositiveInfinity(right[i])) (left[i], right[i]) = (t, t);
        }
        var data = ParametricData.Create(CensoredObservations.FromIntervals(left, right), [new NumericCovariate("x", [.. x])]);

        // Act
        var fit = ParametricRegression.Fit(data, distribution, new ParametricOptions { Tolerance = 1e-12, MaxIterations = 100 });

        // Assert: the plain likelihood at the reported parameters is the fit's, and no parameter moves it up.
        Assert.True(fit.Converged, fit.NotConvergedReason);
        var ancillary = fit.Ancillary.Where(a => a.Name is "Log(scale)" or "shape" or "Log(sigma)" or "Q").ToArray();
        double[] theta = [.. fit.Coefficients.Select(c => c.Estimate!.Value), .. ancillary.Select(a => a.Estimate)];
        double[] se = [.. fit.Coefficients.Select(c => c.StdError!.Value), .. ancillary.Select(a => a.StdError!.Value)];
        var plain = PlainLogLikelihood(distribution, left, right, x, theta);
        Tolerance.Equal(plain, fit.LogLikelihood, "loglik", 1e-10);
        for (var a = 0; a < theta.Length; a++)
        {
            // Steps of a thousandth of a standard error, and the score in units of 1/se: scale-free, so a Gompertz shape
            // of 0.01 is judged as a log-scale of 1 is.
            var h = 1e-3 * se[a];
            var up = PlainLogLikelihood(distribution, left, right, x, Shifted(theta, a, h));
            var down = PlainLogLikelihood(distribution, left, right, x, Shifted(theta, a, -h));
            Assert.True(up < plain && down < plain, $"parameter {a}: not a maximum ({down}, {plain}, {up})");
            Assert.True(Math.Abs(up - down) / (2 * h) * se[a] < 1e-5, $"parameter {a}: score {(up - down) / (2 * h)}, se {se[a]}");
        }
    }

    /// <summary>Σ log of f(t), S(l), 1 − S(r) or S(l) − S(r), straight from the distributions, in R's (uncentred) parameters.</summary>
    private static double PlainLogLikelihood(ParametricDistribution distribution, double[] left, double[] right, double[] x, double[] theta)
    {
        var shape = theta[2..];
        var total = 0.0;
        for (var i = 0; i < left.Length; i++)
        {
            var eta = theta[0] + theta[1] * x[i];
            double S(double t) => ParametricLikelihoodTests.PlainSurvival(distribution, t, eta, shape);
            total += Math.Log(
                left[i] == right[i] ? ParametricLikelihoodTests.PlainDensity(distribution, left[i], eta, shape)
                : double.IsPositiveInfinity(right[i]) ? S(left[i])
                : left[i] == 0 ? 1 - S(right[i])
                : S(left[i]) - S(right[i]));
        }
        return total;
    }

    private static double[] Shifted(double[] theta, int at, double by)
    {
        var copy = (double[])theta.Clone();
        copy[at] += by;
        return copy;
    }

    /// <summary>The set's subjects as (left, right] intervals, as R's interval2 gives them.</summary>
    private static (double[] Left, double[] Right) Interval2(ParametricReferenceSet set)
    {
        var (left, right) = (new double[set.Times.Length], new double[set.Times.Length]);
        for (var i = 0; i < left.Length; i++)
        {
            (left[i], right[i]) = set.Kinds[i] switch
            {
                CensoringKind.Exact => (set.Times[i], set.Times[i]),
                CensoringKind.RightCensored => (set.Times[i], double.PositiveInfinity),
                CensoringKind.LeftCensored => (0, set.Times[i]),
                _ => (set.Times[i], set.Upper![i]),
            };
        }
        return (left, right);
    }
}
