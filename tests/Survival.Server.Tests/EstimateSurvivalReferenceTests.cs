using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// Every figure of every R reference set, through the gRPC API: one call per set and confidence type with all groups,
/// compared with <c>survfit</c>, <c>quantile.survfit</c>, <c>summary(fit, times, extend = TRUE)</c> and
/// <c>summary(fit, rmean = tau)</c> (R 4.2.2, survival 3.5-3) within 1e-9 relative.
/// </summary>
[Collection(ServerCollection.Name)]
public class EstimateSurvivalReferenceTests(ServerFixture server)
{
    private static readonly Dictionary<string, ConfidenceType> ConfidenceTypes = new()
    {
        ["log"] = ConfidenceType.Log,
        ["log-log"] = ConfidenceType.LogLog,
        ["plain"] = ConfidenceType.Plain,
        ["logit"] = ConfidenceType.Logit,
        ["arcsin"] = ConfidenceType.Arcsin,
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in ReferenceSet.All)
            foreach (var type in ConfidenceTypes.Keys) data.Add(set.FileName, type);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_figure_equals_R(string file, string confType)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var km = set.Root.GetProperty("km");
        var firstGroup = km.EnumerateObject().First().Value;
        var options = new EstimateOptions { ConfLevel = set.ConfLevel, ConfType = ConfidenceTypes[confType], MedianFollowUp = true };
        options.Quantiles.Add(Json.Doubles(firstGroup.GetProperty("quantiles").GetProperty(confType), "probs").Select(p => p!.Value));
        var hasLandmarks = set.Root.TryGetProperty("landmarks", out var landmarks);
        if (hasLandmarks) options.LandmarkTimes.Add(Json.Doubles(landmarks, "times").Select(t => t!.Value));
        var hasRmst = set.Root.TryGetProperty("rmst", out var rmst);
        if (hasRmst) options.RmstTau = rmst.GetProperty("tau").GetDouble();

        // Act
        var response = await server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = Cohorts.From(set), Options = options });

        // Assert
        // The km section lists groups in R's sort(unique(group)) order, which the response must follow.
        Assert.Equal(set.GroupKeys, response.Groups.Select(g => g.Group == "" ? "all" : g.Group));
        foreach (var group in response.Groups)
        {
            var key = group.Group == "" ? "all" : group.Group;
            var expected = km.GetProperty(key);
            AssertCurve(expected, group, confType);
            AssertQuantiles(expected.GetProperty("quantiles").GetProperty(confType), group);
            if (expected.TryGetProperty("median_follow_up", out var followUp))
            {
                // R: quantile(survfit(Surv(time, 1 - status) ~ 1, conf.type = T), 0.5).
                var actual = group.MedianFollowUp;
                var reference = followUp.GetProperty(confType);
                Tolerance.Equal(Json.Double(reference.GetProperty("quantile")), actual.HasTime ? actual.Time : null, $"{key} median follow-up");
                Tolerance.Equal(Json.Double(reference.GetProperty("lower")), actual.HasLower ? actual.Lower : null, $"{key} median follow-up lower");
                Tolerance.Equal(Json.Double(reference.GetProperty("upper")), actual.HasUpper ? actual.Upper : null, $"{key} median follow-up upper");
            }
            if (hasLandmarks && confType == "log") AssertLandmarks(landmarks.GetProperty(key), group);
            if (hasRmst && rmst.TryGetProperty(key, out var expectedRmst))
            {
                Tolerance.Equal(expectedRmst.GetProperty("rmst").GetDouble(), group.Rmst.Estimate, $"{key} rmst");
                Tolerance.Equal(expectedRmst.GetProperty("se").GetDouble(), group.Rmst.StdError, $"{key} rmst se");
            }
        }
    }

    private static void AssertCurve(System.Text.Json.JsonElement expected, GroupEstimate group, string confType)
    {
        var curve = group.Curve;
        var ci = expected.GetProperty("ci").GetProperty(confType);
        Tolerance.Equal(Json.Doubles(expected, "time"), curve.Select(p => (double?)p.Time).ToList(), $"{group.Group} time");
        Tolerance.Equal(Json.Doubles(expected, "n_risk"), curve.Select(p => (double?)p.AtRisk).ToList(), $"{group.Group} n_risk");
        Tolerance.Equal(Json.Doubles(expected, "n_event"), curve.Select(p => (double?)p.Events).ToList(), $"{group.Group} n_event");
        Tolerance.Equal(Json.Doubles(expected, "n_censor"), curve.Select(p => (double?)p.Censored).ToList(), $"{group.Group} n_censor");
        Tolerance.Equal(Json.Doubles(expected, "surv"), curve.Select(p => (double?)p.Survival).ToList(), $"{group.Group} surv");
        Tolerance.Equal(Json.Doubles(expected, "se_surv"), curve.Select(p => p.HasStdError ? p.StdError : (double?)null).ToList(), $"{group.Group} se_surv");
        Tolerance.Equal(Json.Doubles(expected, "cumhaz"), curve.Select(p => (double?)p.CumulativeHazard).ToList(), $"{group.Group} cumhaz");
        Tolerance.Equal(Json.Doubles(expected, "se_cumhaz"),
            curve.Select(p => p.HasCumulativeHazardStdError ? p.CumulativeHazardStdError : (double?)null).ToList(), $"{group.Group} se_cumhaz");
        Tolerance.Equal(Json.Doubles(ci, "lower"), curve.Select(p => p.HasLower ? p.Lower : (double?)null).ToList(), $"{group.Group} lower");
        Tolerance.Equal(Json.Doubles(ci, "upper"), curve.Select(p => p.HasUpper ? p.Upper : (double?)null).ToList(), $"{group.Group} upper");
        Assert.Equal(curve.Sum(p => p.Events), group.Events);
        Assert.Equal(curve.Sum(p => p.Censored), group.Censored);
        Assert.Equal(group.Events + group.Censored, group.Subjects);
    }

    private static void AssertQuantiles(System.Text.Json.JsonElement expected, GroupEstimate group)
    {
        Tolerance.Equal(Json.Doubles(expected, "quantile"), group.Quantiles.Select(q => q.HasTime ? q.Time : (double?)null).ToList(), $"{group.Group} quantile");
        Tolerance.Equal(Json.Doubles(expected, "lower"), group.Quantiles.Select(q => q.HasLower ? q.Lower : (double?)null).ToList(), $"{group.Group} quantile lower");
        Tolerance.Equal(Json.Doubles(expected, "upper"), group.Quantiles.Select(q => q.HasUpper ? q.Upper : (double?)null).ToList(), $"{group.Group} quantile upper");
        var median = group.Quantiles.SingleOrDefault(q => q.Probability == 0.5);
        if (median is not null) Assert.Equal(median, group.Median);
    }

    private static void AssertLandmarks(System.Text.Json.JsonElement expected, GroupEstimate group)
    {
        var landmarks = group.Landmarks;
        Tolerance.Equal(Json.Doubles(expected, "surv"), landmarks.Select(l => (double?)l.Survival).ToList(), $"{group.Group} landmark surv");
        Tolerance.Equal(Json.Doubles(expected, "se_surv"), landmarks.Select(l => l.HasStdError ? l.StdError : (double?)null).ToList(), $"{group.Group} landmark se");
        Tolerance.Equal(Json.Doubles(expected, "lower"), landmarks.Select(l => l.HasLower ? l.Lower : (double?)null).ToList(), $"{group.Group} landmark lower");
        Tolerance.Equal(Json.Doubles(expected, "upper"), landmarks.Select(l => l.HasUpper ? l.Upper : (double?)null).ToList(), $"{group.Group} landmark upper");
        Tolerance.Equal(Json.Doubles(expected, "n_risk"), landmarks.Select(l => (double?)l.AtRisk).ToList(), $"{group.Group} landmark n_risk");
    }
}
