using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>
/// The predictions of a fit from sums, through a real channel: at the default profiles (each level of the first factor,
/// other terms at their means; each stratum), the linear predictor, the quantiles with their standard errors and
/// intervals, and the mean with its interval equal FitParametricModel's on the same rows without profiles, times or a
/// restricted mean (1e-9 relative). Its curve, whose grid runs to the last follow-up (a row's time), is reported as not
/// computed.
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
        var model = new RemoteParametricModel
        {
            Terms = { set.Terms }, Factors = { set.Factors.Keys }, Distribution = distribution,
            Stratified = set.Strata is not null, DelayedEntry = set.Entries is not null, Weighted = set.Weights is not null,
        };
        var inMemory = FitParametricModelTests.FromSet(set);
        inMemory.Profiles.Clear();
        inMemory.Times.Clear();
        inMemory.ClearRmstTau();
        inMemory.Distributions.Add(distribution);

        // Act
        var result = await RemoteParametricTests.RunAsync(new RemoteFits.RemoteFitsClient(server.Channel), model, new RemoteParametricTests.DataSide(set, distribution));

        // Assert
        var expected = (await server.Client.FitParametricModelAsync(inMemory)).Fits.Single().Predictions;
        var actual = result.Parametric.Fits.Single().Predictions;
        Assert.NotEmpty(actual);
        Assert.Equal(expected.Select(p => (p.Label, p.Stratum)), actual.Select(p => (p.Label, p.Stratum)));
        for (var k = 0; k < expected.Count; k++)
        {
            var (e, a) = (expected[k], actual[k]);
            RemoteAssert.Close(e.LinearPredictor, a.LinearPredictor, $"[{k}] linear predictor");
            Assert.Equal(e.Quantiles.Select(q => (q.Probability, q.HasTime)), a.Quantiles.Select(q => (q.Probability, q.HasTime)));
            for (var q = 0; q < e.Quantiles.Count; q++)
            {
                RemoteAssert.Close(e.Quantiles[q].Time, a.Quantiles[q].Time, $"[{k}] t_{e.Quantiles[q].Probability}");
                RemoteAssert.Close(e.Quantiles[q].StdError, a.Quantiles[q].StdError, $"[{k}] se t_{e.Quantiles[q].Probability}");
                RemoteAssert.Close(e.Quantiles[q].Lower, a.Quantiles[q].Lower, $"[{k}] lower t_{e.Quantiles[q].Probability}");
                RemoteAssert.Close(e.Quantiles[q].Upper, a.Quantiles[q].Upper, $"[{k}] upper t_{e.Quantiles[q].Probability}");
            }
            Assert.Equal(e.Mean.NotEstimableReason, a.Mean.NotEstimableReason);
            Assert.Equal(e.Mean.HasEstimate, a.Mean.HasEstimate);
            if (e.Mean.HasEstimate)
            {
                RemoteAssert.Close(e.Mean.Estimate, a.Mean.Estimate, $"[{k}] mean");
                RemoteAssert.Close(e.Mean.StdError, a.Mean.StdError, $"[{k}] se mean");
                RemoteAssert.Close(e.Mean.Lower, a.Mean.Lower, $"[{k}] lower mean");
                RemoteAssert.Close(e.Mean.Upper, a.Mean.Upper, $"[{k}] upper mean");
            }
            Assert.Empty(a.AtTimes);
            Assert.Null(a.Rmst);
            Assert.NotEmpty(e.Curve);
            Assert.Empty(a.Curve);
        }
        Assert.DoesNotContain(result.NotComputed, n => n.Statistic == "predictions");
        Assert.Contains(result.NotComputed, n => n.Statistic == "curve" && n.Reason.Contains("last follow-up", StringComparison.Ordinal));
        Assert.Contains(result.NotComputed, n => n.Statistic == "last_follow_up");
    }
}
