using Grpc.Core;
using MathNet.Numerics.Distributions;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>
/// survreg fitted where the data live, through a real channel: a data side written here from the formulas (it holds
/// R's lung rows, tests/fixtures/r-parametric/lung_age_sex_ecog.json) answers the service's summary, start and step
/// requests with sums; the fit equals FitParametricModel on the same rows (the same iterations, 1e-9) and R's survreg
/// (coefficients 1e-7 and standard errors 1e-6 as FitParametricModelTests, log-likelihood 1e-9).
/// </summary>
[Collection(ServerCollection.Name)]
public class RemoteParametricTests(ServerFixture server)
{
    public static TheoryData<Distribution, string> Families() =>
        new() { { Distribution.Exponential, "exponential" }, { Distribution.Weibull, "weibull" }, { Distribution.LogNormal, "lognormal" } };

    [Theory]
    [MemberData(nameof(Families))]
    public async Task The_remote_fit_equals_the_in_memory_fit_and_survreg(Distribution distribution, string name)
    {
        // Arrange
        var set = ParametricReferenceSet.Named("lung_age_sex_ecog");
        var model = new RemoteParametricModel { Terms = { set.Terms }, Factors = { set.Factors.Keys }, Distribution = distribution };
        var inMemory = FitParametricModelTests.FromSet(set);
        inMemory.Distributions.Add(distribution);

        // Act
        var result = await RunAsync(new RemoteFits.RemoteFitsClient(server.Channel), model, new DataSide(set, distribution));

        // Assert
        var expected = (await server.Client.FitParametricModelAsync(inMemory)).Fits.Single();
        var actual = result.Parametric.Fits.Single();
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.True(actual.Converged);
        Assert.Equal(expected.Coefficients.Select(c => (c.Term, c.Level)), actual.Coefficients.Select(c => (c.Term, c.Level)));
        for (var k = 0; k < expected.Coefficients.Count; k++)
        {
            Close(expected.Coefficients[k].Estimate, actual.Coefficients[k].Estimate, $"coef[{k}]");
            Close(expected.Coefficients[k].StdError, actual.Coefficients[k].StdError, $"se[{k}]");
        }
        Assert.Equal(expected.Ancillary.Count, actual.Ancillary.Count);
        for (var a = 0; a < expected.Ancillary.Count; a++) Close(expected.Ancillary[a].Estimate, actual.Ancillary[a].Estimate, $"ancillary[{a}]");
        Close(expected.LogLikelihood, actual.LogLikelihood, "loglik");
        Close(expected.Aic, actual.Aic, "AIC");
        Assert.Equal(set.Times.Length, result.Parametric.Subjects);
        Assert.Contains(result.NotComputed, n => n.Statistic == "predictions" && n.Reason.Length > 0);
        var r = set.Fit(name);
        Assert.Equal(r.GetProperty("iterations").GetInt32(), actual.Iterations);
        Tolerance.Equal(Json.Doubles(r, "coef"), [.. actual.Coefficients.Select(c => (double?)c.Estimate)], $"{name} coef", 1e-7);
        Tolerance.Equal(Json.Doubles(r, "se"), [.. actual.Coefficients.Select(c => (double?)c.StdError)], $"{name} se", 1e-6);
        Tolerance.Equal(Json.Double(r.GetProperty("loglik")), actual.LogLikelihood, $"{name} loglik", 1e-9);
    }

    [Fact]
    public async Task A_family_without_sums_is_refused_before_any_step()
    {
        // Arrange
        using var call = new RemoteFits.RemoteFitsClient(server.Channel).FitModelRemote();

        // Act
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Parametric = new RemoteParametricModel { Terms = { "age" }, Distribution = Distribution.Gompertz } });

        // Assert
        await BadRequestAssert.FieldViolationAsync(() => call.ResponseStream.MoveNext(), "parametric.distribution");
    }

    [Fact]
    public async Task Step_sums_of_the_wrong_width_are_refused_naming_the_field()
    {
        // Arrange: a Weibull fit of one covariate on two rows, answered up to its first step.
        using var call = new RemoteFits.RemoteFitsClient(server.Channel).FitModelRemote();
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Parametric = new RemoteParametricModel { Terms = { "age" }, Distribution = Distribution.Weibull } });
        await call.ResponseStream.MoveNext();
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Summary = new RemoteSummary { Rows = 4, TermMeans = { 60 } } });
        await call.ResponseStream.MoveNext();
        Assert.Equal(RemoteFitStep.StepOneofCase.ParametricStart, call.ResponseStream.Current.StepCase);
        await call.RequestStream.WriteAsync(new RemoteFitUpload
        {
            ParametricStart = new ParametricStartSums
            {
                Rows = 4, Events = 3, EventGram = { 3, 1, 30 }, EventCross = { 6, 2 }, CensoredGram = { 1, -1, 10 }, CensoredCross = { 2, -2 }, SquaredLogTimes = 13,
            },
        });
        await call.ResponseStream.MoveNext();
        Assert.Equal(RemoteFitStep.StepOneofCase.ParametricSums, call.ResponseStream.Current.StepCase);

        // Act: the intercept-only model's sums need 1 + 1 + 2 + 5 = 9 numbers; these are 4.
        await call.RequestStream.WriteAsync(new RemoteFitUpload { ParametricSums = new ParametricStepSums { Step = 0, Rows = 4, ExactLogTimes = 6, Values = { 1, 2, 3, 4 } } });

        // Assert
        await BadRequestAssert.FieldViolationAsync(() => call.ResponseStream.MoveNext(), "parametric_sums");
    }

    private static async Task<RemoteFitResult> RunAsync(RemoteFits.RemoteFitsClient client, RemoteParametricModel model, DataSide data)
    {
        using var call = client.FitModelRemote();
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Parametric = model });
        while (await call.ResponseStream.MoveNext())
        {
            var step = call.ResponseStream.Current;
            switch (step.StepCase)
            {
                case RemoteFitStep.StepOneofCase.Summary:
                    await call.RequestStream.WriteAsync(new RemoteFitUpload { Summary = data.Summary() });
                    break;
                case RemoteFitStep.StepOneofCase.ParametricStart:
                    await call.RequestStream.WriteAsync(new RemoteFitUpload { ParametricStart = data.Start(step.ParametricStart.Columns) });
                    break;
                case RemoteFitStep.StepOneofCase.ParametricSums:
                    await call.RequestStream.WriteAsync(new RemoteFitUpload { ParametricSums = data.Sums(step.ParametricSums) });
                    break;
                case RemoteFitStep.StepOneofCase.Result:
                    await call.RequestStream.CompleteAsync();
                    return step.Result;
            }
        }
        throw new InvalidOperationException("the service ended the call without a result");
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    /// <summary>
    /// The data side from the formulas: z = (log t − η)/σ; events log f₀(z) − log σ − log t, censored log S₀(z);
    /// extreme value log f₀ = z − eᶻ, log S₀ = −eᶻ; normal log f₀ = −z²/2 − log √(2π), log S₀ = log Φ(−z).
    /// </summary>
    private sealed class DataSide(ParametricReferenceSet set, Distribution distribution)
    {
        private double[][] _x = [];

        private int Rows => set.Times.Length;

        private bool Event(int i) => set.Kinds[i] == Core.Parametric.CensoringKind.Exact;

        public RemoteSummary Summary()
        {
            var summary = new RemoteSummary { Rows = Rows };
            foreach (var term in set.Terms)
                summary.TermMeans.Add(set.Covariates.TryGetValue(term, out var values) ? values.Average() : 0);
            foreach (var (term, labels) in set.Factors)
            {
                var counts = labels.GroupBy(l => l).ToArray();
                summary.FactorLevels.Add(new FactorLevelCounts { Term = term, Levels = { counts.Select(c => c.Key) }, Counts = { counts.Select(c => (long)c.Count()) } });
            }
            return summary;
        }

        public ParametricStartSums Start(IEnumerable<RemoteDesignColumn> design)
        {
            var columns = design.ToArray();
            _x = [.. Enumerable.Range(0, Rows).Select(i => (double[])[1, .. columns.Select(c => c.Level.Length == 0
                ? set.Covariates[c.Term][i] - c.Centre
                : (set.Factors[c.Term][i] == c.Level ? 1 : 0) - c.Centre)])];
            var p = 1 + columns.Length;
            var sums = new ParametricStartSums { Rows = Rows, Events = Enumerable.Range(0, Rows).Count(Event) };
            var eventGram = new double[p * (p + 1) / 2];
            var censoredGram = new double[eventGram.Length];
            var eventCross = new double[p];
            var censoredCross = new double[p];
            for (var i = 0; i < Rows; i++)
            {
                var y = Math.Log(set.Times[i]);
                var (gram, cross) = Event(i) ? (eventGram, eventCross) : (censoredGram, censoredCross);
                for (int a = 0, t = 0; a < p; a++)
                {
                    cross[a] += _x[i][a] * y;
                    for (var b = a; b < p; b++, t++) gram[t] += _x[i][a] * _x[i][b];
                }
                sums.SquaredLogTimes += y * y;
            }
            sums.EventGram.Add(eventGram);
            sums.CensoredGram.Add(censoredGram);
            sums.EventCross.Add(eventCross);
            sums.CensoredCross.Add(censoredCross);
            return sums;
        }

        public ParametricStepSums Sums(ParametricSumsRequest request)
        {
            var p = request.Columns;
            var free = distribution != Distribution.Exponential;
            var s = free ? request.Parameters[p] : 0;
            var sigma = Math.Exp(s);
            var triangle = p * (p + 1) / 2;
            var v = new double[1 + p + 2 * triangle + (free ? 2 * p + 3 : 0)];
            var exactLogTimes = 0.0;
            for (var i = 0; i < Rows; i++)
            {
                var x = _x[i];
                var y = Math.Log(set.Times[i]);
                var eta = 0.0;
                for (var c = 0; c < p; c++) eta += x[c] * request.Parameters[c];
                var z = (y - eta) / sigma;
                double g, d1, d2;
                if (distribution == Distribution.LogNormal)
                {
                    if (Event(i)) (g, d1, d2) = (-z * z / 2 - 0.5 * Math.Log(2 * Math.PI), -z, -1);
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
                    (g, d1, d2) = Event(i) ? (z - ez, 1 - ez, -ez) : (-ez, -ez, -ez);
                }
                if (Event(i))
                {
                    g -= s + y;
                    exactLogTimes += y;
                }
                var gE = -d1 / sigma;
                var gEE = d2 / (sigma * sigma);
                var gS = -z * d1 - (Event(i) ? 1 : 0);
                var gES = (z * d2 + d1) / sigma;
                var gSS = z * z * d2 + z * d1;
                v[0] += g;
                for (int a = 0, t = 0; a < p; a++)
                {
                    v[1 + a] += x[a] * gE;
                    for (var b = a; b < p; b++, t++)
                    {
                        v[1 + p + t] += x[a] * x[b] * gEE;
                        v[1 + p + triangle + t] += x[a] * x[b] * gE * gE;
                    }
                    if (!free) continue;
                    v[1 + p + 2 * triangle + a] += x[a] * gES;
                    v[1 + 2 * p + 2 * triangle + a] += x[a] * gE * gS;
                }
                if (!free) continue;
                var at = 1 + 3 * p + 2 * triangle;
                v[at] += gS;
                v[at + 1] += gSS;
                v[at + 2] += gS * gS;
            }
            return new ParametricStepSums { Step = request.Step, Rows = Rows, ExactLogTimes = exactLogTimes, Values = { v } };
        }
    }
}
