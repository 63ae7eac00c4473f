using Grpc.Core;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>
/// The predictions of a fit from sums, through a real channel: the last follow-up (the summary's max_time) and, per
/// profile and stratum, the linear predictor, S, H and h with their intervals at the times asked and on the curve's
/// grid to the horizon (or the last follow-up), the quantiles, the mean and the restricted mean equal FitParametricModel's
/// on the same rows (1e-9 relative, <see cref="RemoteAssert.SamePredictions"/>): at the default profiles, and with the
/// fixture's profiles, times and τ, other quantiles, a horizon and a grid given as RemoteParametricModel's fields. A data
/// side that does not send max_time has the last follow-up, and the curve unless a horizon is given, named as not
/// computed; a bad prediction field is INVALID_ARGUMENT naming it.
/// </summary>
[Collection(ServerCollection.Name)]
public class RemoteParametricPredictionTests(ServerFixture server)
{
    public static TheoryData<string, Distribution> Fits() => new()
    {
        { "lung_age_sex_ecog", Distribution.Weibull },
        { "lung_age_sex_ecog", Distribution.LogNormal },
        { "lung_age_sex_ecog", Distribution.Exponential },
        { "veteran_strata", Distribution.LogLogistic },
        { "veteran_strata", Distribution.Weibull },
        { "lung_weights", Distribution.LogNormal },
        { "delayed_entry", Distribution.Weibull },
        { "kidney_strata", Distribution.LogNormal },
    };

    [Theory]
    [MemberData(nameof(Fits))]
    public async Task The_remote_predictions_equal_the_in_memory_predictions_at_the_default_profiles(string file, Distribution distribution)
    {
        // Arrange
        var set = ParametricReferenceSet.Named(file);
        var inMemory = FitParametricModelTests.FromSet(set);
        inMemory.Profiles.Clear();
        inMemory.Times.Clear();
        inMemory.ClearRmstTau();
        inMemory.Distributions.Add(distribution);

        // Act
        var result = await RunAsync(RemoteParametricTests.Model(set, distribution), set, distribution);

        // Assert
        RemoteAssert.SamePredictions(await server.Client.FitParametricModelAsync(inMemory), result);
    }

    [Theory]
    [MemberData(nameof(Fits))]
    public async Task The_profiles_times_quantiles_horizon_and_restricted_mean_asked_give_the_in_memory_predictions(string file, Distribution distribution)
    {
        // Arrange: the fixture's profiles, times and τ, quantiles other than the default, and a horizon past the last follow-up.
        var set = ParametricReferenceSet.Named(file);
        var inMemory = FitParametricModelTests.FromSet(set);
        inMemory.Distributions.Add(distribution);
        inMemory.Quantiles.Add([0.1, 0.5, 0.9]);
        inMemory.Horizon = 1.5 * set.Times.Max();
        inMemory.GridPoints = 41;
        var model = RemoteParametricTests.WithPredictions(RemoteParametricTests.Model(set, distribution), inMemory);

        // Act
        var result = await RunAsync(model, set, distribution);

        // Assert
        var expected = await server.Client.FitParametricModelAsync(inMemory);
        RemoteAssert.SamePredictions(expected, result);
        Assert.All(result.Parametric.Fits.Single().Predictions, p => Assert.Equal(41, p.Curve.Count));
        Assert.Equal(expected.Fits.Single().Predictions.Count(p => p.Rmst is not null), result.Parametric.Fits.Single().Predictions.Count(p => p.Rmst is not null));
    }

    [Fact]
    public async Task A_data_side_without_max_time_has_no_last_follow_up_and_a_curve_only_to_a_horizon()
    {
        // Arrange
        var set = ParametricReferenceSet.Named("lung_age_sex_ecog");
        var model = RemoteParametricTests.Model(set, Distribution.Weibull);
        var toHorizon = model.Clone();
        toHorizon.Horizon = 1000;
        var inMemory = FitParametricModelTests.FromSet(set);
        inMemory.Distributions.Add(Distribution.Weibull);
        inMemory.Profiles.Clear();
        inMemory.Times.Clear();
        inMemory.ClearRmstTau();
        inMemory.Horizon = 1000;

        // Act
        var withoutHorizon = await RunAsync(model, set, Distribution.Weibull, reportsMaxTime: false);
        var withHorizon = await RunAsync(toHorizon, set, Distribution.Weibull, reportsMaxTime: false);

        // Assert
        Assert.Equal(0, withoutHorizon.Parametric.LastFollowUp);
        Assert.All(withoutHorizon.Parametric.Fits.Single().Predictions, p => Assert.Empty(p.Curve));
        Assert.Contains(withoutHorizon.NotComputed, n => n.Statistic == "last_follow_up" && n.Reason.Contains("max_time", StringComparison.Ordinal));
        Assert.Contains(withoutHorizon.NotComputed, n => n.Statistic == "curve" && n.Reason.Contains("horizon", StringComparison.Ordinal));
        Assert.Equal(["last_follow_up"], withHorizon.NotComputed.Select(n => n.Statistic));
        var expected = (await server.Client.FitParametricModelAsync(inMemory)).Fits.Single().Predictions;
        var actual = withHorizon.Parametric.Fits.Single().Predictions;
        Assert.Equal(expected.Select(p => p.Curve.Count), actual.Select(p => p.Curve.Count));
        for (var k = 0; k < expected.Count; k++)
            for (var i = 0; i < expected[k].Curve.Count; i++)
            {
                RemoteAssert.Close(expected[k].Curve[i].Time, actual[k].Curve[i].Time, $"[{k}] curve [{i}] time");
                RemoteAssert.Close(expected[k].Curve[i].Survival, actual[k].Curve[i].Survival, $"[{k}] curve [{i}] S");
            }
    }

    public static TheoryData<string, Action<RemoteParametricModel>> BadOptions() => new()
    {
        { "parametric.horizon", m => m.Horizon = -1 },
        { "parametric.rmst_tau", m => m.RmstTau = double.PositiveInfinity },
        { "parametric.times[1]", m => m.Times.Add([30, double.NaN]) },
        { "parametric.quantiles[0]", m => m.Quantiles.Add(1.5) },
        { "parametric.grid_points", m => m.GridPoints = 1 },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task A_bad_prediction_option_is_refused_before_any_step_naming_the_field(string field, Action<RemoteParametricModel> spoil)
    {
        // Arrange
        var model = RemoteParametricTests.Model(ParametricReferenceSet.Named("lung_age_sex_ecog"), Distribution.Weibull);
        spoil(model);
        using var call = new RemoteFits.RemoteFitsClient(server.Channel).FitModelRemote();

        // Act
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Parametric = model });

        // Assert
        await BadRequestAssert.FieldViolationAsync(() => call.ResponseStream.MoveNext(), field);
    }

    public static TheoryData<string, PredictionProfile> BadProfiles() => new()
    {
        // A term of the model not given (a covariate named that is not one).
        { "parametric.profiles[0].covariates[\"age\"]", new PredictionProfile { Covariates = { ["agee"] = 60, ["ph.ecog"] = 1 }, Factors = { ["sex"] = "male" } } },
        // A level the rows do not have.
        { "parametric.profiles[0].factors[\"sex\"]", new PredictionProfile { Covariates = { ["age"] = 60, ["ph.ecog"] = 1 }, Factors = { ["sex"] = "other" } } },
        // A stratum of a model without strata.
        { "parametric.profiles[0].stratum", new PredictionProfile { Covariates = { ["age"] = 60, ["ph.ecog"] = 1 }, Factors = { ["sex"] = "male" }, Stratum = "a" } },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task A_profile_that_does_not_fit_the_summary_is_refused_naming_the_field(string field, PredictionProfile profile)
    {
        // Arrange
        var set = ParametricReferenceSet.Named("lung_age_sex_ecog");
        var model = RemoteParametricTests.Model(set, Distribution.Weibull);
        model.Profiles.Add(profile);

        // Act, Assert: refused once the summary gives the levels and the strata.
        await BadRequestAssert.FieldViolationAsync(() => RunAsync(model, set, Distribution.Weibull), field);
    }

    [Fact]
    public async Task A_max_time_that_is_not_a_time_is_refused_naming_the_summary_field()
    {
        // Arrange
        var set = ParametricReferenceSet.Named("lung_age_sex_ecog");
        using var call = new RemoteFits.RemoteFitsClient(server.Channel).FitModelRemote();
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Parametric = RemoteParametricTests.Model(set, Distribution.Weibull) });
        await call.ResponseStream.MoveNext();
        var summary = new RemoteParametricTests.DataSide(set, Distribution.Weibull).Summary();
        summary.MaxTime = -1;

        // Act
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Summary = summary });

        // Assert
        await BadRequestAssert.FieldViolationAsync(() => call.ResponseStream.MoveNext(), "summary.max_time");
    }

    private Task<RemoteFitResult> RunAsync(RemoteParametricModel model, ParametricReferenceSet set, Distribution distribution, bool reportsMaxTime = true) =>
        RemoteParametricTests.RunAsync(new RemoteFits.RemoteFitsClient(server.Channel), model, new RemoteParametricTests.DataSide(set, distribution, reportsMaxTime));
}
