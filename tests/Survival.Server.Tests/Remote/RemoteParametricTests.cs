using Grpc.Core;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>
/// survreg fitted where the data live, through a real channel: a data side written here from the formulas
/// (<see cref="PlainParametricSums"/>; it holds an R fixture's rows, tests/fixtures/r-parametric) answers the service's
/// summary, start and step requests with sums; the fit, with the fixture's profiles, times and restricted mean asked,
/// equals FitParametricModel on the same rows (the same iterations, 1e-9; its last follow-up and predictions, curves
/// included, 1e-9) and, where the fixture is survreg's, R (coefficients 1e-7 and standard errors 1e-6 as FitParametricModelTests,
/// log-likelihood 1e-9): lung with covariates and a factor; veteran with strata, each its own σ; lung with case
/// weights; and generated data with delayed entry (whose reference is the in-memory fit, itself checked against the
/// likelihood written out in R: survreg has no delayed entry).
/// </summary>
[Collection(ServerCollection.Name)]
public class RemoteParametricTests(ServerFixture server)
{
    public static TheoryData<string, Distribution, string> Fits()
    {
        var fits = new TheoryData<string, Distribution, string>();
        var families = new[] { (Distribution.Exponential, "exponential"), (Distribution.Weibull, "weibull"), (Distribution.LogNormal, "lognormal"), (Distribution.LogLogistic, "loglogistic") };
        foreach (var set in new[] { "lung_age_sex_ecog", "veteran_strata", "lung_weights", "delayed_entry" })
            foreach (var (distribution, name) in families)
                // R refuses strata with the exponential's fixed scale: veteran_strata has no exponential fit.
                if (!(set == "veteran_strata" && distribution == Distribution.Exponential)) fits.Add(set, distribution, name);
        return fits;
    }

    [Theory]
    [MemberData(nameof(Fits))]
    public async Task The_remote_fit_equals_the_in_memory_fit_and_survreg(string file, Distribution distribution, string name)
    {
        // Arrange
        var set = ParametricReferenceSet.Named(file);
        var inMemory = FitParametricModelTests.FromSet(set);
        inMemory.Distributions.Add(distribution);
        var model = WithPredictions(Model(set, distribution), inMemory);

        // Act
        var result = await RunAsync(new RemoteFits.RemoteFitsClient(server.Channel), model, new DataSide(set, distribution));

        // Assert
        var expected = await server.Client.FitParametricModelAsync(inMemory);
        RemoteAssert.SameParametricFit(expected, result);
        Assert.Equal(set.Times.Length, result.Parametric.Subjects);
        RemoteAssert.SamePredictions(expected, result);
        RemoteAssert.EqualsSurvreg(set, name, result.Parametric.Fits.Single());
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

    /// <summary>The model of a fixture's rows, without predictions asked (the default profiles).</summary>
    internal static RemoteParametricModel Model(ParametricReferenceSet set, Distribution distribution) => new()
    {
        Terms = { set.Terms }, Factors = { set.Factors.Keys }, Distribution = distribution,
        Stratified = set.Strata is not null, DelayedEntry = set.Entries is not null, Weighted = set.Weights is not null,
    };

    /// <summary>The model with the in-memory request's predictions asked: profiles, times, quantiles, horizon, τ, grid.</summary>
    internal static RemoteParametricModel WithPredictions(RemoteParametricModel model, FitParametricModelRequest request)
    {
        model.Profiles.Add(request.Profiles);
        model.Times.Add(request.Times);
        model.Quantiles.Add(request.Quantiles);
        if (request.HasHorizon) model.Horizon = request.Horizon;
        if (request.HasRmstTau) model.RmstTau = request.RmstTau;
        model.GridPoints = request.GridPoints;
        return model;
    }

    internal static async Task<RemoteFitResult> RunAsync(RemoteFits.RemoteFitsClient client, RemoteParametricModel model, DataSide data)
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
                    await call.RequestStream.WriteAsync(new RemoteFitUpload { ParametricStart = data.Start(step.ParametricStart) });
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

    /// <summary>
    /// The data side: the fixture's rows as <see cref="PlainParametricSums"/> reads them, the design centred as the service
    /// sends it and each row's stratum indexed in the order the service gives the strata; its summary gives the largest
    /// time unless told to answer as a data side that predates max_time.
    /// </summary>
    internal sealed class DataSide(ParametricReferenceSet set, Distribution distribution, bool reportsMaxTime = true)
    {
        private PlainParametricSums.Row[] _rows = [];
        private int _strata = 1;

        private int Rows => set.Times.Length;

        public RemoteSummary Summary()
        {
            var summary = new RemoteSummary { Rows = Rows, MaxTime = reportsMaxTime ? set.Times.Max() : 0 };
            foreach (var term in set.Terms)
                summary.TermMeans.Add(set.Covariates.TryGetValue(term, out var values) ? values.Average() : 0);
            foreach (var (term, labels) in set.Factors)
            {
                var counts = labels.GroupBy(l => l).ToArray();
                summary.FactorLevels.Add(new FactorLevelCounts { Term = term, Levels = { counts.Select(c => c.Key) }, Counts = { counts.Select(c => (long)c.Count()) } });
            }
            if (set.Strata is not null) summary.Strata.AddRange(set.Strata.Distinct());
            return summary;
        }

        public ParametricStartSums Start(ParametricStartRequest request)
        {
            var columns = request.Columns.ToArray();
            var strata = request.Strata.ToList();
            _strata = Math.Max(1, strata.Count);
            _rows = [.. Enumerable.Range(0, Rows).Select(i => new PlainParametricSums.Row(
                Math.Log(set.Times[i]), set.Kinds[i] == Core.Parametric.CensoringKind.Exact, set.Weights?[i] ?? 1,
                [1, .. columns.Select(c => c.Level.Length == 0 ? set.Covariates[c.Term][i] - c.Centre : (set.Factors[c.Term][i] == c.Level ? 1 : 0) - c.Centre)],
                set.Strata is null ? 0 : strata.IndexOf(set.Strata[i]),
                set.Entries is { } entries && entries[i] > 0 ? Math.Log(entries[i]) : double.NegativeInfinity))];
            var start = PlainParametricSums.Start(_rows, _strata);
            return new ParametricStartSums
            {
                Rows = start.Rows, Events = start.Events, EventGram = { start.EventGram }, EventCross = { start.EventCross },
                CensoredGram = { start.CensoredGram }, CensoredCross = { start.CensoredCross }, SquaredLogTimes = start.SquaredLogTimes,
            };
        }

        public ParametricStepSums Sums(ParametricSumsRequest request)
        {
            var family = Enum.Parse<Core.Parametric.ParametricDistribution>(distribution.ToString());
            var sums = PlainParametricSums.Step(_rows, family, [.. request.Parameters], request.Columns, _strata);
            return new ParametricStepSums { Step = request.Step, Rows = sums.Rows, ExactLogTimes = sums.ExactLogTimes, Values = { sums.Values } };
        }
    }
}
