using Survival.Core.Parametric;
using Survival.Core.Regression;
using Survival.TestSupport;

namespace Survival.Core.Tests;

/// <summary>
/// The parametric second seam: a data side that sums each row's term and its derivatives at (β, log σ of each stratum),
/// written here straight from the standard densities (extreme value for the exponential and Weibull, normal for the
/// log-normal, logistic for the log-logistic), one block per stratum, gives the likelihood of the rows to 1e-10, and
/// Newton–Raphson on those sums takes the in-memory fit's steps: the same iterations and the same estimates to 1e-9, on
/// random right-censored data with case weights, a covariate and a factor, and with three strata (each its own σ) and
/// delayed entry.
/// </summary>
public class ParametricSumsLikelihoodTests
{
    private static readonly ParametricDistribution[] SumsFamilies =
        [ParametricDistribution.Exponential, ParametricDistribution.Weibull, ParametricDistribution.LogNormal, ParametricDistribution.LogLogistic];

    /// <summary>Each family, on one stratum without entries and on three strata with delayed entry.</summary>
    public static TheoryData<ParametricDistribution, bool> Families()
    {
        var data = new TheoryData<ParametricDistribution, bool>();
        foreach (var distribution in SumsFamilies)
            foreach (var stratifiedWithEntries in new[] { false, true }) data.Add(distribution, stratifiedWithEntries);
        return data;
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_sums_give_the_rows_likelihood_score_information_and_outer_product(ParametricDistribution distribution, bool stratifiedWithEntries)
    {
        // Arrange
        var (data, rows, strata) = RandomData(seed: 3 + (int)distribution, count: 500, stratifiedWithEntries);
        var likelihood = new ParametricLikelihood(data, ParametricFamily.Of(distribution));
        var columns = likelihood.Columns;
        var free = distribution != ParametricDistribution.Exponential;
        double[] theta = [2.1, 0.3, -0.4, .. free ? new[] { -0.2, 0.1, -0.5 }[..strata] : []];
        var remote = Remote(rows, distribution, strata);

        // Act
        var fromSums = await remote.EvaluateAsync(theta, columns, derivatives: true, outer: true);

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
    public async Task Newton_Raphson_on_the_sums_takes_the_in_memory_steps(ParametricDistribution distribution, bool stratifiedWithEntries)
    {
        // Arrange: survreg's start, as the in-memory fit takes it (intercept-only first, its σ's starting the full model).
        var (data, rows, strata) = RandomData(seed: 17 + (int)distribution, count: 800, stratifiedWithEntries);
        var family = (LogLocationScaleFamily)ParametricFamily.Of(distribution);
        var likelihood = new ParametricLikelihood(data, family);
        var columns = likelihood.Columns;
        var scaleCount = distribution != ParametricDistribution.Exponential ? strata : 0;
        int[] nullScales = [.. Enumerable.Range(1, scaleCount)], fullScales = [.. Enumerable.Range(columns, scaleCount)];
        var (_, logScale) = ParametricStart.Moments(data, family);
        var scales = Enumerable.Repeat(logScale, scaleCount).ToArray();
        double[] nullStart = [ParametricStart.LeastSquares(data, family, 1, scales)[0], .. scales];
        var inMemoryNull = ParametricNewtonRaphson.Run(likelihood, 1, nullStart, 20, 1e-9, nullScales);
        var ancillary = inMemoryNull.Parameters[1..];
        double[] start = [.. ParametricStart.LeastSquares(data, family, columns, ancillary), .. ancillary];
        var remote = Remote(rows, distribution, strata);

        // Act
        var remoteNull = await remote.RunAsync(1, nullStart, 20, 1e-9, nullScales);
        var remoteFull = await remote.RunAsync(columns, start, 30, 1e-9, fullScales);

        // Assert
        var inMemoryFull = ParametricNewtonRaphson.Run(likelihood, columns, start, 30, 1e-9, fullScales);
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
    public async Task The_fit_from_sums_equals_the_in_memory_fit(ParametricDistribution distribution, bool stratifiedWithEntries)
    {
        // Arrange
        var (data, rows, strata) = RandomData(seed: 29 + (int)distribution, count: 700, stratifiedWithEntries);
        var columns = data.Design.Columns.Select(c => new Survival.Core.Cox.CoxSumsColumn(c.TermName, c.Level, c.ReferenceLevel)).ToList();
        var options = new ParametricOptions();
        IReadOnlyList<string> labels = data.Stratified ? data.StrataLabels : [];

        // Act
        var remote = await ParametricSumsRegression.FitAsync(distribution, columns, data.Design.Means, labels, PlainParametricSums.Start(rows, strata), options,
            (theta, p) => ValueTask.FromResult(PlainParametricSums.Step(rows, distribution, theta, p, strata)));

        // Assert
        var local = ParametricRegression.Fit(data, distribution, options);
        Assert.True(local.Converged);
        Assert.Equal(local.Iterations, remote.Iterations);
        Assert.Equal(local.Converged, remote.Converged);
        Assert.Equal([.. local.ParameterNames], (string[])[.. remote.ParameterNames]);
        Assert.Equal(local.Note, remote.Note);
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
        {
            Assert.Equal(local.Ancillary[a].Stratum, remote.Ancillary[a].Stratum);
            Assert.Equal(local.Ancillary[a].Estimate, remote.Ancillary[a].Estimate, 1e-9 * Math.Max(1, Math.Abs(local.Ancillary[a].Estimate)));
        }
        Assert.Empty(remote.Predictions);
    }

    [Fact]
    public async Task The_fit_awaits_each_answer_and_returns_to_its_caller_meanwhile()
    {
        // Arrange: a data side that answers each ask later, as a stream's answer arrives, rather than within the call.
        var (data, rows, strata) = RandomData(seed: 41, count: 300, stratifiedWithEntries: false);
        var columns = data.Design.Columns.Select(c => new Survival.Core.Cox.CoxSumsColumn(c.TermName, c.Level, c.ReferenceLevel)).ToList();
        var start = PlainParametricSums.Start(rows, strata);
        var asks = System.Threading.Channels.Channel.CreateUnbounded<(double[] Theta, int Columns, TaskCompletionSource<ParametricStepSums> Answer)>();

        // Act
        var fit = ParametricSumsRegression.FitAsync(ParametricDistribution.Weibull, columns, data.Design.Means, [], start, new ParametricOptions(), (theta, p) =>
        {
            var answer = new TaskCompletionSource<ParametricStepSums>();
            Assert.True(asks.Writer.TryWrite((theta, p, answer)));
            return new ValueTask<ParametricStepSums>(answer.Task);
        });
        var answered = 0;
        while (await Task.WhenAny(fit, asks.Reader.WaitToReadAsync().AsTask()) != fit)
        {
            // The fit has returned with one ask outstanding and waits for its answer: no thread is held for it.
            Assert.True(asks.Reader.TryRead(out var ask));
            Assert.False(asks.Reader.TryRead(out _));
            var (theta, p, answer) = ask;
            answer.SetResult(PlainParametricSums.Step(rows, ParametricDistribution.Weibull, theta, p, strata));
            answered++;
        }

        // Assert: the same fit as with every answer at hand.
        var expected = await ParametricSumsRegression.FitAsync(ParametricDistribution.Weibull, columns, data.Design.Means, [], start, new ParametricOptions(),
            (theta, p) => ValueTask.FromResult(PlainParametricSums.Step(rows, ParametricDistribution.Weibull, theta, p, strata)));
        var actual = await fit;
        Assert.True(answered > 2, $"{answered} asks");
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.Coefficients.Select(c => c.Estimate), actual.Coefficients.Select(c => c.Estimate));
        Assert.Equal(expected.LogLikelihood, actual.LogLikelihood);
    }

    [Fact]
    public async Task Sums_whose_rows_changed_between_steps_stop_the_fit()
    {
        // Arrange: the data side loses a row after the summary.
        var (_, rows, _) = RandomData(seed: 5, count: 100, stratifiedWithEntries: false);
        var summary = Remote(rows, ParametricDistribution.Weibull, 1);
        var fewer = new ParametricSumsLikelihood(true, 1, rows.Length, summary.LogScaleOffset, (theta, columns) => ValueTask.FromResult(PlainParametricSums.Step(rows[1..], ParametricDistribution.Weibull, theta, columns, 1)));

        // Act
        var error = await Assert.ThrowsAsync<InputRuleException>(async () => await fewer.EvaluateAsync([2, 0.1, 0.1, 0], 3, derivatives: true));

        // Assert
        Assert.Equal("sums", error.Input);
        Assert.Contains("changed between steps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sums_of_the_wrong_width_stop_the_fit()
    {
        // Arrange: a data side that leaves out the scale's sums.
        var (_, rows, _) = RandomData(seed: 6, count: 100, stratifiedWithEntries: false);
        var remote = new ParametricSumsLikelihood(true, 1, rows.Length, 0, (theta, columns) => ValueTask.FromResult(PlainParametricSums.Step(rows, ParametricDistribution.Exponential, theta[..columns], columns, 1)));

        // Act
        var error = await Assert.ThrowsAsync<InputRuleException>(async () => await remote.EvaluateAsync([2, 0.1, 0.1, 0], 3, derivatives: true));

        // Assert
        Assert.Equal("sums", error.Input);
    }

    [Fact]
    public async Task Sums_of_one_block_where_there_are_strata_stop_the_fit()
    {
        // Arrange: a stratified Weibull whose data side sums every row into one block.
        var (_, rows, strata) = RandomData(seed: 7, count: 100, stratifiedWithEntries: true);
        var exactLogTimes = rows.Where(r => r.Event).Sum(r => r.Weight * r.LogTime);
        var remote = new ParametricSumsLikelihood(true, strata, rows.Length, exactLogTimes,
            (theta, columns) => ValueTask.FromResult(PlainParametricSums.Step([.. rows.Select(r => r with { Stratum = 0 })], ParametricDistribution.Weibull, theta, columns, 1) with { Strata = strata }));

        // Act
        var error = await Assert.ThrowsAsync<InputRuleException>(async () => await remote.EvaluateAsync([2, 0.1, 0.1, 0, 0, 0], 3, derivatives: true));

        // Assert
        Assert.Equal("sums", error.Input);
        Assert.Contains("in 3 strata", error.Message, StringComparison.Ordinal);
    }

    private static ParametricSumsLikelihood Remote(PlainParametricSums.Row[] rows, ParametricDistribution distribution, int strata)
    {
        var exactLogTimes = rows.Where(r => r.Event).Sum(r => r.Weight * r.LogTime);
        return new ParametricSumsLikelihood(distribution != ParametricDistribution.Exponential, strata, rows.Length, exactLogTimes,
            (theta, columns) => ValueTask.FromResult(PlainParametricSums.Step(rows, distribution, theta, columns, strata)));
    }

    /// <summary>
    /// Weibull-like times with a covariate and a two-level factor, about a third censored, case weights; stratified, three
    /// strata of their own σ and about half the subjects entering late (left-truncated: times drawn until past the entry).
    /// </summary>
    private static (ParametricData Data, PlainParametricSums.Row[] Rows, int Strata) RandomData(int seed, int count, bool stratifiedWithEntries)
    {
        var random = new Random(seed);
        var x = new double[count];
        var f = new string[count];
        var stratum = new string[count];
        var times = new double[count];
        var entries = new double[count];
        var events = new bool[count];
        var weights = new double[count];
        double[] sigmas = [0.7, 0.5, 1.1];
        for (var i = 0; i < count; i++)
        {
            x[i] = random.NextDouble() * 2 - 1;
            f[i] = random.NextDouble() < 0.4 ? "a" : "b";
            var s = stratifiedWithEntries ? random.Next(3) : 0;
            stratum[i] = $"s{s}";
            var eta = 2 + 0.5 * x[i] + (f[i] == "b" ? -0.3 : 0);
            var entry = stratifiedWithEntries && random.NextDouble() < 0.5 ? 3 * random.NextDouble() : 0;
            double time;
            do time = Math.Exp(eta + sigmas[s] * Math.Log(-Math.Log(random.NextDouble())));
            while (time <= entry);
            var censor = entry + 30 * random.NextDouble();
            times[i] = Math.Min(time, censor);
            events[i] = time <= censor;
            entries[i] = entry;
            weights[i] = random.Next(1, 4);
        }
        var observations = CensoredObservations.Create(
            [.. events.Select(e => e ? CensoringKind.Exact : CensoringKind.RightCensored)], [.. times], [.. times],
            stratifiedWithEntries ? entries : [], [.. weights]);
        CoxCovariate[] terms = [new NumericCovariate("x", [.. x]), new FactorCovariate("f", Factor.Create(f))];
        var strata = stratifiedWithEntries ? Factor.Create(stratum) : null;
        var data = ParametricData.Create(observations, terms, strata);
        // The data side's design: the service sends the centres; the rows are centred by them (the design's rows are in
        // stratum order, subject i at row position[i]).
        var design = data.DesignColumns;
        var width = 1 + data.Design.Width;
        var order = Enumerable.Range(0, count).OrderBy(i => strata?.Codes[i] ?? 0).ToArray();
        var rows = new PlainParametricSums.Row[count];
        for (var k = 0; k < count; k++)
        {
            var i = order[k];
            rows[k] = new PlainParametricSums.Row(Math.Log(times[i]), events[i], weights[i], [.. Enumerable.Range(0, width).Select(c => design[c * count + k])],
                strata?.Codes[i] ?? 0, entries[i] > 0 ? Math.Log(entries[i]) : double.NegativeInfinity);
        }
        return (data, rows, strata?.LevelCount ?? 1);
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
