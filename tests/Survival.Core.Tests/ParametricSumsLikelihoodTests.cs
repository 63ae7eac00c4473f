using MathNet.Numerics.Distributions;
using Survival.Core.Parametric;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// The parametric second seam: a data side that sums each row's term and its derivatives at (β, log σ), written here
/// straight from the standard densities (extreme value for the exponential and Weibull, normal for the log-normal),
/// gives the likelihood of the rows to 1e-10, and Newton–Raphson on those sums takes the in-memory fit's steps: the
/// same iterations and the same estimates to 1e-9, on random right-censored data with case weights, a covariate and a
/// factor.
/// </summary>
public class ParametricSumsLikelihoodTests
{
    public static TheoryData<ParametricDistribution> Families() =>
        [ParametricDistribution.Exponential, ParametricDistribution.Weibull, ParametricDistribution.LogNormal];

    [Theory]
    [MemberData(nameof(Families))]
    public void The_sums_give_the_rows_likelihood_score_information_and_outer_product(ParametricDistribution distribution)
    {
        // Arrange
        var (data, rows) = RandomData(seed: 3 + (int)distribution, count: 500);
        var likelihood = new ParametricLikelihood(data, ParametricFamily.Of(distribution));
        var columns = likelihood.Columns;
        var free = distribution != ParametricDistribution.Exponential;
        double[] theta = free ? [2.1, 0.3, -0.4, -0.2] : [2.1, 0.3, -0.4];
        var remote = Remote(rows, distribution);

        // Act
        var fromSums = remote.Evaluate(theta, columns, derivatives: true, outer: true);

        // Assert
        var fromRows = likelihood.Evaluate(theta, columns, derivatives: true, outer: true);
        Assert.Equal(fromRows.LogLikelihood, fromSums.LogLikelihood, 1e-10 * Math.Abs(fromRows.LogLikelihood));
        AssertClose(fromRows.Score!, fromSums.Score!, 1e-10);
        AssertClose(fromRows.Information!, fromSums.Information!, 1e-10);
        AssertClose(fromRows.Outer!, fromSums.Outer!, 1e-10);
        Assert.Equal(likelihood.LogScaleOffset, remote.LogScaleOffset, 1e-10 * Math.Abs(likelihood.LogScaleOffset));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Newton_Raphson_on_the_sums_takes_the_in_memory_steps(ParametricDistribution distribution)
    {
        // Arrange: survreg's start, as the in-memory fit takes it (intercept-only first, its σ starting the full model).
        var (data, rows) = RandomData(seed: 17 + (int)distribution, count: 800);
        var family = (LogLocationScaleFamily)ParametricFamily.Of(distribution);
        var likelihood = new ParametricLikelihood(data, family);
        var columns = likelihood.Columns;
        var free = distribution != ParametricDistribution.Exponential;
        int[] logScales = free ? [columns] : [];
        var (_, logScale) = ParametricStart.Moments(data, family);
        double[] scales = free ? [logScale] : [];
        double[] nullStart = [ParametricStart.LeastSquares(data, family, 1, scales)[0], .. scales];
        var inMemoryNull = ParametricNewtonRaphson.Run(likelihood, 1, nullStart, 20, 1e-9, free ? [1] : []);
        var ancillary = inMemoryNull.Parameters[1..];
        double[] start = [.. ParametricStart.LeastSquares(data, family, columns, ancillary), .. ancillary];
        var remote = Remote(rows, distribution);

        // Act
        var remoteNull = ParametricNewtonRaphson.Run(remote, 1, nullStart, 20, 1e-9, free ? [1] : []);
        var remoteFull = ParametricNewtonRaphson.Run(remote, columns, start, 30, 1e-9, logScales);

        // Assert
        var inMemoryFull = ParametricNewtonRaphson.Run(likelihood, columns, start, 30, 1e-9, logScales);
        Assert.True(inMemoryFull.Converged);
        Assert.Equal(inMemoryNull.Iterations, remoteNull.Iterations);
        Assert.Equal(inMemoryFull.Iterations, remoteFull.Iterations);
        Assert.Equal(inMemoryFull.Converged, remoteFull.Converged);
        AssertClose(inMemoryNull.Parameters, remoteNull.Parameters, 1e-9);
        AssertClose(inMemoryFull.Parameters, remoteFull.Parameters, 1e-9);
        Assert.Equal(inMemoryFull.Final.LogLikelihood, remoteFull.Final.LogLikelihood, 1e-9 * Math.Abs(inMemoryFull.Final.LogLikelihood));
        AssertClose(inMemoryFull.Final.Information!, remoteFull.Final.Information!, 1e-9);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void The_fit_from_sums_equals_the_in_memory_fit(ParametricDistribution distribution)
    {
        // Arrange
        var (data, rows) = RandomData(seed: 29 + (int)distribution, count: 700);
        var columns = data.Design.Columns.Select(c => new Survival.Core.Cox.CoxSumsColumn(c.TermName, c.Level, c.ReferenceLevel)).ToList();
        var options = new ParametricOptions();

        // Act
        var remote = ParametricSumsRegression.Fit(distribution, columns, data.Design.Means, PlainStartSums(rows), options,
            (theta, p) => PlainSums(rows, distribution, theta, p));

        // Assert
        var local = ParametricRegression.Fit(data, distribution, options);
        Assert.True(local.Converged);
        Assert.Equal(local.Iterations, remote.Iterations);
        Assert.Equal(local.Converged, remote.Converged);
        Assert.Equal([.. local.ParameterNames], (string[])[.. remote.ParameterNames]);
        Assert.Equal(local.LogLikelihood!.Value, remote.LogLikelihood!.Value, 1e-9 * Math.Abs(local.LogLikelihood.Value));
        Assert.Equal(local.LogLikelihoodNull!.Value, remote.LogLikelihoodNull!.Value, 1e-9 * Math.Abs(local.LogLikelihoodNull.Value));
        Assert.Equal(local.Aic!.Value, remote.Aic!.Value, 1e-9 * local.Aic.Value);
        Assert.Equal(local.Bic!.Value, remote.Bic!.Value, 1e-9 * local.Bic.Value);
        Assert.Equal(local.LikelihoodRatio.ChiSquare!.Value, remote.LikelihoodRatio.ChiSquare!.Value, 1e-7 * local.LikelihoodRatio.ChiSquare.Value);
        AssertClose([.. local.Variance], [.. remote.Variance], 1e-9);
        for (var c = 0; c < local.Coefficients.Length; c++)
        {
            Assert.Equal(local.Coefficients[c].Name, remote.Coefficients[c].Name);
            Assert.Equal(local.Coefficients[c].Estimate!.Value, remote.Coefficients[c].Estimate!.Value, 1e-9 * Math.Max(1, Math.Abs(local.Coefficients[c].Estimate!.Value)));
            Assert.Equal(local.Coefficients[c].StdError!.Value, remote.Coefficients[c].StdError!.Value, 1e-9 * local.Coefficients[c].StdError!.Value);
        }
        Assert.Equal(local.Ancillary.Length, remote.Ancillary.Length);
        for (var a = 0; a < local.Ancillary.Length; a++)
            Assert.Equal(local.Ancillary[a].Estimate, remote.Ancillary[a].Estimate, 1e-9 * Math.Max(1, Math.Abs(local.Ancillary[a].Estimate)));
        Assert.Empty(remote.Predictions);
    }

    [Fact]
    public void Sums_whose_rows_changed_between_steps_stop_the_fit()
    {
        // Arrange: the data side loses a row after the summary.
        var (_, rows) = RandomData(seed: 5, count: 100);
        var summary = Remote(rows, ParametricDistribution.Weibull);
        var fewer = new ParametricSumsLikelihood(true, rows.Length, summary.LogScaleOffset, (theta, columns) => PlainSums(rows[1..], ParametricDistribution.Weibull, theta, columns));

        // Act
        var error = Assert.Throws<InputRuleException>(() => fewer.Evaluate([2, 0.1, 0.1, 0], 3, derivatives: true));

        // Assert
        Assert.Equal("sums", error.Input);
        Assert.Contains("changed between steps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sums_of_the_wrong_width_stop_the_fit()
    {
        // Arrange: a data side that leaves out the scale's sums.
        var (_, rows) = RandomData(seed: 6, count: 100);
        var remote = new ParametricSumsLikelihood(true, rows.Length, 0, (theta, columns) => PlainSums(rows, ParametricDistribution.Exponential, theta[..columns], columns));

        // Act
        var error = Assert.Throws<InputRuleException>(() => remote.Evaluate([2, 0.1, 0.1, 0], 3, derivatives: true));

        // Assert
        Assert.Equal("sums", error.Input);
    }

    /// <summary>One row as a data side holds it: log t, event, weight and the design row (intercept first, centred).</summary>
    private sealed record Row(double LogTime, bool Event, double Weight, double[] X);

    private static ParametricSumsLikelihood Remote(Row[] rows, ParametricDistribution distribution)
    {
        var exactLogTimes = rows.Where(r => r.Event).Sum(r => r.Weight * r.LogTime);
        return new ParametricSumsLikelihood(distribution != ParametricDistribution.Exponential, rows.Length, exactLogTimes,
            (theta, columns) => PlainSums(rows, distribution, theta, columns));
    }

    /// <summary>
    /// The data side from the formulas: z = (log t − η)/σ; exact terms log f₀(z) − log σ − log t, censored log S₀(z);
    /// extreme value: log f₀ = z − eᶻ, log S₀ = −eᶻ; normal: log f₀ = −z²/2 − log √(2π), log S₀ = log Φ(−z) with
    /// λ = φ(z)/Φ(−z), d/dz = −λ, d²/dz² = −λ(λ − z). Chain rule: g_η = −g′/σ, g_ηη = g″/σ², g_s = −z g′ (−1 for an
    /// exact term), g_ηs = (z g″ + g′)/σ, g_ss = z² g″ + z g′.
    /// </summary>
    private static ParametricStepSums PlainSums(Row[] rows, ParametricDistribution distribution, double[] theta, int columns)
    {
        var free = distribution != ParametricDistribution.Exponential;
        var p = columns;
        var s = free ? theta[p] : 0;
        var sigma = Math.Exp(s);
        var triangle = p * (p + 1) / 2;
        var v = new double[ParametricStepSums.Width(p, free)];
        foreach (var row in rows)
        {
            var eta = 0.0;
            for (var c = 0; c < p; c++) eta += row.X[c] * theta[c];
            var z = (row.LogTime - eta) / sigma;
            double g, d1, d2;
            if (distribution == ParametricDistribution.LogNormal)
            {
                if (row.Event) (g, d1, d2) = (-z * z / 2 - 0.5 * Math.Log(2 * Math.PI), -z, -1);
                else
                {
                    var tail = Normal.CDF(0, 1, -z);
                    var lambda = Normal.PDF(0, 1, z) / tail;
                    (g, d1, d2) = (Math.Log(tail), -lambda, -lambda * (lambda - z));
                }
            }
            else
            {
                var ez = Math.Exp(z);
                (g, d1, d2) = row.Event ? (z - ez, 1 - ez, -ez) : (-ez, -ez, -ez);
            }
            var w = row.Weight;
            var gE = -d1 / sigma;
            var gEE = d2 / (sigma * sigma);
            var gS = -z * d1 - (row.Event ? 1 : 0);
            var gES = (z * d2 + d1) / sigma;
            var gSS = z * z * d2 + z * d1;
            if (row.Event) g -= s + row.LogTime;
            v[0] += w * g;
            for (int a = 0, t = 0; a < p; a++)
            {
                v[1 + a] += w * row.X[a] * gE;
                for (var b = a; b < p; b++, t++)
                {
                    v[1 + p + t] += w * row.X[a] * row.X[b] * gEE;
                    v[1 + p + triangle + t] += w * row.X[a] * row.X[b] * gE * gE;
                }
                if (!free) continue;
                v[1 + p + 2 * triangle + a] += w * row.X[a] * gES;
                v[1 + 2 * p + 2 * triangle + a] += w * row.X[a] * gE * gS;
            }
            if (!free) continue;
            var at = 1 + 3 * p + 2 * triangle;
            v[at] += w * gS;
            v[at + 1] += w * gSS;
            v[at + 2] += w * gS * gS;
        }
        return new ParametricStepSums
        {
            Columns = p, FreeScale = free, Rows = rows.Length,
            ExactLogTimes = rows.Where(r => r.Event).Sum(r => r.Weight * r.LogTime), Values = v,
        };
    }

    /// <summary>The start pass: per kind Σ w x x' (upper triangle) and Σ w x y, and Σ w y², y = log t.</summary>
    private static ParametricStartSums PlainStartSums(Row[] rows)
    {
        var p = rows[0].X.Length;
        var triangle = p * (p + 1) / 2;
        double[] eventGram = new double[triangle], censoredGram = new double[triangle], eventCross = new double[p], censoredCross = new double[p];
        var squares = 0.0;
        foreach (var row in rows)
        {
            var (gram, cross) = row.Event ? (eventGram, eventCross) : (censoredGram, censoredCross);
            for (int a = 0, t = 0; a < p; a++)
            {
                cross[a] += row.Weight * row.X[a] * row.LogTime;
                for (var b = a; b < p; b++, t++) gram[t] += row.Weight * row.X[a] * row.X[b];
            }
            squares += row.Weight * row.LogTime * row.LogTime;
        }
        return new ParametricStartSums
        {
            Columns = p, Rows = rows.Length, Events = rows.Count(r => r.Event), EventGram = eventGram, EventCross = eventCross,
            CensoredGram = censoredGram, CensoredCross = censoredCross, SquaredLogTimes = squares,
        };
    }

    /// <summary>Weibull-like times with a covariate and a two-level factor, a third censored, case weights.</summary>
    private static (ParametricData Data, Row[] Rows) RandomData(int seed, int count)
    {
        var random = new Random(seed);
        var x = new double[count];
        var f = new string[count];
        var times = new double[count];
        var events = new bool[count];
        var weights = new double[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = random.NextDouble() * 2 - 1;
            f[i] = random.NextDouble() < 0.4 ? "a" : "b";
            var eta = 2 + 0.5 * x[i] + (f[i] == "b" ? -0.3 : 0);
            var time = Math.Exp(eta + 0.7 * Math.Log(-Math.Log(random.NextDouble())));
            var censor = 30 * random.NextDouble();
            times[i] = Math.Min(time, censor);
            events[i] = time <= censor;
            weights[i] = random.Next(1, 4);
        }
        var observations = CensoredObservations.Create(
            [.. events.Select(e => e ? CensoringKind.Exact : CensoringKind.RightCensored)], [.. times], [.. times], [.. new double[count]], [.. weights]);
        CoxCovariate[] terms = [new NumericCovariate("x", [.. x]), new FactorCovariate("f", Factor.Create(f))];
        var data = ParametricData.Create(observations, terms);
        // The data side's design: the service sends the centres; the rows are centred by them.
        var design = data.DesignColumns;
        var width = 1 + data.Design.Width;
        var rows = new Row[count];
        for (var i = 0; i < count; i++)
            rows[i] = new Row(Math.Log(times[i]), events[i], weights[i], [.. Enumerable.Range(0, width).Select(c => design[c * count + i])]);
        return (data, rows);
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
