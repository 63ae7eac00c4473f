using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Inference;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// The likelihood from per-time sums (<see cref="CoxTimeSumsLikelihood"/>) against the row engine
/// (<see cref="CoxLikelihood"/>) on random data of every shape — tied times, strata, delayed entry, whole and
/// fractional weights — and the fit from sums (<see cref="CoxSumsRegression"/>) against <see cref="CoxRegression"/>:
/// the same terms summed in other orders, so they agree to rounding (1e-9 relative), with the same iterations.
/// The sums are taken here straight from their definition, row by row, as a remote source would.
/// </summary>
public class CoxTimeSumsTests
{
    private const double Tolerance = 1e-9;

    /// <summary>seed, rows, strata, delayed entry, weights (0 none, 1 whole, 2 fractional).</summary>
    public static TheoryData<int, int, int, bool, int> Shapes => new()
    {
        { 1, 60, 1, false, 0 },
        { 2, 80, 2, false, 0 },
        { 3, 70, 1, true, 0 },
        { 4, 90, 3, true, 1 },
        { 5, 60, 1, false, 2 },
        { 6, 75, 2, true, 2 },
        { 7, 400, 2, true, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Likelihood_from_sums_equals_the_row_engine(int seed, int n, int strata, bool entries, int weights)
    {
        foreach (var ties in new[] { TieMethod.Breslow, TieMethod.Efron })
        {
            // Arrange
            var rows = RandomRows(seed, n, strata, entries, weights);
            var beta = new[] { 0.4, -0.3, 0.2 };
            var coxRows = CoxRows.OfSubjects(Survival(rows), Strata(rows), null, Design(rows));
            var expected = new PartialLikelihood(3);
            new CoxLikelihood(coxRows, ties).Evaluate(beta, expected);
            var actual = new PartialLikelihood(3);

            // Act
            CoxTimeSumsLikelihood.Evaluate(Sums(rows, beta, Design(rows).Means, strata), beta, ties, actual);

            // Assert
            AssertClose(expected.LogLikelihood, actual.LogLikelihood, $"{ties} log L");
            for (var a = 0; a < 3; a++)
            {
                AssertClose(expected.Score[a], actual.Score[a], $"{ties} U[{a}]");
                for (var b = 0; b < 3; b++) AssertClose(expected.Information[a * 3 + b], actual.Information[a * 3 + b], $"{ties} I[{a},{b}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Fit_from_sums_equals_the_regression(int seed, int n, int strata, bool entries, int weights)
    {
        if (weights == 2) return; // R's rule makes fractional weights robust, which sums cannot give.
        foreach (var ties in new[] { TieMethod.Breslow, TieMethod.Efron })
        {
            // Arrange
            var rows = RandomRows(seed, n, strata, entries, weights);
            var design = Design(rows);
            var data = CoxRegressionData.Create(Survival(rows), Terms(rows), strata > 1 ? Strata(rows) : null, null, null);
            var options = new CoxRegressionOptions(ties, ConfidenceLevel.Default);
            var expected = CoxRegression.Fit(data, options);
            var columns = Enumerable.Range(0, 3).Select(c => new CoxSumsColumn($"x{c}", "", "")).ToArray();
            var steps = 0;

            // Act
            var actual = await CoxSumsRegression.FitAsync(columns, strata > 1, options, beta =>
            {
                steps++;
                return ValueTask.FromResult(Sums(rows, beta, design.Means, strata));
            });

            // Assert
            Assert.Equal(expected.Iterations, actual.Iterations);
            Assert.Equal(expected.Converged, actual.Converged);
            Assert.Equal(expected.Subjects, actual.Subjects);
            Assert.Equal(expected.Events, actual.Events);
            Assert.Null(actual.Concordance);
            AssertClose(expected.LogLikelihood!.Value, actual.LogLikelihood!.Value, $"{ties} log L");
            AssertClose(expected.LogLikelihoodNull!.Value, actual.LogLikelihoodNull!.Value, $"{ties} log L0");
            AssertClose(expected.Score.ChiSquare!.Value, actual.Score.ChiSquare!.Value, $"{ties} score");
            for (var c = 0; c < 3; c++)
            {
                AssertClose(expected.Coefficients[c].Estimate.Coefficient!.Value, actual.Coefficients[c].Estimate.Coefficient!.Value, $"{ties} β{c}");
                AssertClose(expected.Coefficients[c].Estimate.StdError!.Value, actual.Coefficients[c].Estimate.StdError!.Value, $"{ties} se{c}");
            }
            Assert.True(steps >= actual.Iterations);
        }
    }

    [Fact]
    public async Task The_fit_awaits_each_answer_and_returns_to_its_caller_meanwhile()
    {
        // Arrange: a data side that answers each β later, as a stream's answer arrives, rather than within the call.
        var rows = RandomRows(11, 120, 2, true, 1);
        var design = Design(rows);
        var columns = Enumerable.Range(0, 3).Select(c => new CoxSumsColumn($"x{c}", "", "")).ToArray();
        var asks = System.Threading.Channels.Channel.CreateUnbounded<(double[] Beta, TaskCompletionSource<CoxTimeSums> Answer)>();

        // Act
        var fit = CoxSumsRegression.FitAsync(columns, true, CoxRegressionOptions.Default, beta =>
        {
            var answer = new TaskCompletionSource<CoxTimeSums>();
            Assert.True(asks.Writer.TryWrite((beta, answer)));
            return new ValueTask<CoxTimeSums>(answer.Task);
        });
        var answered = 0;
        while (await Task.WhenAny(fit, asks.Reader.WaitToReadAsync().AsTask()) != fit)
        {
            // The fit has returned with one ask outstanding and waits for its answer: no thread is held for it.
            Assert.True(asks.Reader.TryRead(out var ask));
            Assert.False(asks.Reader.TryRead(out _));
            var (beta, answer) = ask;
            answer.SetResult(Sums(rows, beta, design.Means, 2));
            answered++;
        }

        // Assert: the same fit as with every answer at hand.
        var expected = await CoxSumsRegression.FitAsync(columns, true, CoxRegressionOptions.Default, beta => ValueTask.FromResult(Sums(rows, beta, design.Means, 2)));
        var actual = await fit;
        Assert.True(answered > 2, $"{answered} asks");
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.Coefficients.Select(c => c.Estimate.Coefficient), actual.Coefficients.Select(c => c.Estimate.Coefficient));
        Assert.Equal(expected.LogLikelihood, actual.LogLikelihood);
    }

    [Fact]
    public async Task Sums_whose_rows_change_between_steps_stop_the_fit()
    {
        // Arrange: the source loses a row after its first answer.
        var rows = RandomRows(3, 50, 1, false, 0);
        var design = Design(rows);
        var steps = 0;
        var columns = Enumerable.Range(0, 3).Select(c => new CoxSumsColumn($"x{c}", "", "")).ToArray();

        // Act
        var error = await Assert.ThrowsAsync<InputRuleException>(() => CoxSumsRegression.FitAsync(columns, false, CoxRegressionOptions.Default,
            beta => ValueTask.FromResult(Sums(steps++ == 0 ? rows : rows[1..], beta, design.Means, 1))));

        // Assert
        Assert.Equal("sums", error.Input);
        Assert.Contains("changed between steps", error.Message);
    }

    [Fact]
    public void Sums_of_the_wrong_width_are_refused()
    {
        // Act
        var error = Assert.Throws<InputRuleException>(() => new CoxTimeSums(2, 1, [0], [1.0], [CoxSumsRole.Event], [1], new double[5]));

        // Assert
        Assert.Equal("sums", error.Input);
    }

    /// <summary>The sums by their definition: per stratum, time and role, row by row, with x centred at <paramref name="means"/>.</summary>
    internal static CoxTimeSums Sums(IReadOnlyList<PlainCox.Row> rows, double[] beta, double[] means, int strata)
    {
        var p = beta.Length;
        var width = CoxTimeSums.SumWidth(p);
        var groups = new Dictionary<(int, double, CoxSumsRole), (long Count, double[] Sums)>();
        void Add(int stratum, double time, CoxSumsRole role, PlainCox.Row row)
        {
            var x = row.X.Select((v, c) => v - means[c]).ToArray();
            var r = row.Weight * Math.Exp(x.Select((v, c) => v * beta[c]).Sum());
            if (!groups.TryGetValue((stratum, time, role), out var group)) group = (0, new double[width]);
            var s = group.Sums;
            s[0] += row.Weight;
            s[1 + p] += r;
            var k = 2 + 2 * p;
            for (var a = 0; a < p; a++)
            {
                s[1 + a] += row.Weight * x[a];
                s[2 + p + a] += r * x[a];
                for (var b = a; b < p; b++) s[k++] += r * x[a] * x[b];
            }
            groups[(stratum, time, role)] = (group.Count + 1, s);
        }
        foreach (var row in rows)
        {
            Add(row.Stratum, row.Time, row.Event ? CoxSumsRole.Event : CoxSumsRole.Censored, row);
            if (row.Entry > 0) Add(row.Stratum, row.Entry, CoxSumsRole.Entry, row);
        }
        var keys = groups.Keys.ToArray();
        return new CoxTimeSums(p, strata, [.. keys.Select(k => k.Item1)], [.. keys.Select(k => k.Item2)], [.. keys.Select(k => k.Item3)],
            [.. keys.Select(k => groups[k].Count)], [.. keys.SelectMany(k => groups[k].Sums)]);
    }

    /// <summary>Integer times with ties between events, censorings and entries; covariates on a 0.1 grid.</summary>
    private static PlainCox.Row[] RandomRows(int seed, int n, int strata, bool entries, int weights)
    {
        var random = new Random(seed);
        var rows = new PlainCox.Row[n];
        for (var i = 0; i < n; i++)
        {
            var entry = entries ? random.Next(0, 6) : 0.0;
            var time = entry + 1 + random.Next(0, 12);
            double[] x = [Math.Round(random.NextDouble() * 2 - 1, 1), random.Next(0, 2), Math.Round(random.NextDouble() * 3, 1)];
            var weight = weights switch { 1 => 1 + random.Next(0, 3), 2 => Math.Round(0.2 + 2 * random.NextDouble(), 3), _ => 1.0 };
            rows[i] = new PlainCox.Row(entry, time, random.NextDouble() < 0.7, weight, x, strata > 1 ? random.Next(strata) : 0, i);
        }
        return rows;
    }

    private static CoxCovariate[] Terms(PlainCox.Row[] rows) =>
        [.. Enumerable.Range(0, 3).Select(c => (CoxCovariate)new NumericCovariate($"x{c}", [.. rows.Select(r => r.X[c])]))];

    private static CoxDesign Design(PlainCox.Row[] rows) => CoxDesign.Build(Terms(rows), rows.Length);

    private static Factor Strata(PlainCox.Row[] rows) => Factor.Create([.. rows.Select(r => $"s{r.Stratum}")]);

    private static SurvivalData Survival(PlainCox.Row[] rows)
    {
        var times = rows.Select(r => r.Time).ToArray();
        var events = rows.Select(r => r.Event).ToArray();
        var data = rows.Any(r => r.Entry > 0) ? SurvivalData.Create([.. rows.Select(r => r.Entry)], times, events) : SurvivalData.Create(times, events);
        return rows.Any(r => r.Weight != 1) ? data.WithWeights([.. rows.Select(r => r.Weight)]) : data;
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
}
