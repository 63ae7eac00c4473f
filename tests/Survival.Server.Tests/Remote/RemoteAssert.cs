using System.Text.Json;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>What a remote fit must equal: the in-memory fit of the same rows, and R.</summary>
public static class RemoteAssert
{
    /// <summary>The in-memory path and the remote path sum the same terms in other orders.</summary>
    public const double SamePath = 1e-9;

    /// <summary>As FitCoxModelReferenceTests: R's printed estimates.</summary>
    public const double Coxph = 1e-6;

    /// <summary>Every number of the remote fit equals the in-memory fit's; concordance and cox.zph absent with reasons.</summary>
    public static void SameFit(FitCoxModelResponse expected, RemoteFitResult result)
    {
        var actual = result.Cox;
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.Converged, actual.Converged);
        Assert.Equal(expected.Subjects, actual.Subjects);
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.Coefficients.Select(c => (c.Term, c.Level, c.ReferenceLevel, c.HasCoefficient, c.NotEstimableReason)),
            actual.Coefficients.Select(c => (c.Term, c.Level, c.ReferenceLevel, c.HasCoefficient, c.NotEstimableReason)));
        for (var k = 0; k < expected.Coefficients.Count; k++)
        {
            var (e, a) = (expected.Coefficients[k], actual.Coefficients[k]);
            if (!e.HasCoefficient) continue;
            Close(e.Coefficient, a.Coefficient, $"coef[{k}]");
            Close(e.StdError, a.StdError, $"se[{k}]");
            Close(e.Lower, a.Lower, $"lower[{k}]");
            Close(e.Upper, a.Upper, $"upper[{k}]");
            Close(e.PValue, a.PValue, $"p[{k}]");
        }
        Close(expected.LogLikelihoodNull, actual.LogLikelihoodNull, "loglik null");
        Close(expected.LogLikelihood, actual.LogLikelihood, "loglik");
        Close(expected.LikelihoodRatio.ChiSquare, actual.LikelihoodRatio.ChiSquare, "LR");
        Close(expected.Score.ChiSquare, actual.Score.ChiSquare, "score");
        Assert.Equal(expected.Wald.HasChiSquare, actual.Wald.HasChiSquare);
        if (expected.Wald.HasChiSquare) Close(expected.Wald.ChiSquare, actual.Wald.ChiSquare, "Wald");
        Assert.False(actual.HasConcordance);
        Assert.Contains(result.NotComputed, n => n.Statistic == "concordance" && n.Reason.Length > 0);
        Assert.True(result.Steps >= actual.Iterations);
    }

    /// <summary>β, se and log L equal R's coxph.</summary>
    public static void EqualsCoxph(JsonElement fit, FitCoxModelResponse actual)
    {
        var infinite = Json.Doubles(fit, "infinite").Select(f => f == 1).ToArray();
        var coef = Json.Doubles(fit, "coef");
        var se = Json.Doubles(fit, "se");
        for (var k = 0; k < coef.Length; k++)
        {
            if (coef[k] is not { } b || infinite[k]) continue;
            Close(b, actual.Coefficients[k].Coefficient, $"R coef[{k}]", Coxph);
            Close(se[k]!.Value, actual.Coefficients[k].StdError, $"R se[{k}]", Coxph);
        }
        var loglik = Json.Doubles(fit, "loglik");
        Close(loglik[^1]!.Value, actual.LogLikelihood, "R loglik", Coxph);
    }

    /// <summary>
    /// Every number of the remote parametric fit equals the in-memory fit's (FitParametricModel of the same rows, one
    /// distribution): iterations, names, coefficients and standard errors, scales, log-likelihoods, AIC, subjects, events.
    /// </summary>
    public static void SameParametricFit(FitParametricModelResponse expectedResponse, RemoteFitResult result)
    {
        var expected = expectedResponse.Fits.Single();
        var actual = result.Parametric.Fits.Single();
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.True(actual.Converged);
        Assert.Equal(expected.ParameterNames, actual.ParameterNames);
        Assert.Equal(expected.Coefficients.Select(c => (c.Term, c.Level)), actual.Coefficients.Select(c => (c.Term, c.Level)));
        for (var k = 0; k < expected.Coefficients.Count; k++)
        {
            Close(expected.Coefficients[k].Estimate, actual.Coefficients[k].Estimate, $"coef[{k}]");
            Close(expected.Coefficients[k].StdError, actual.Coefficients[k].StdError, $"se[{k}]");
        }
        Assert.Equal(expected.Ancillary.Select(a => (a.Name, a.Stratum)), actual.Ancillary.Select(a => (a.Name, a.Stratum)));
        for (var a = 0; a < expected.Ancillary.Count; a++) Close(expected.Ancillary[a].Estimate, actual.Ancillary[a].Estimate, $"ancillary[{a}]");
        Close(expected.LogLikelihood, actual.LogLikelihood, "loglik");
        Close(expected.LogLikelihoodNull, actual.LogLikelihoodNull, "loglik null");
        Close(expected.Aic, actual.Aic, "AIC");
        Assert.Equal(expectedResponse.Subjects, result.Parametric.Subjects);
        Assert.Equal(expectedResponse.Events, result.Parametric.Events);
    }

    /// <summary>
    /// The remote parametric fit's last follow-up and every prediction equal the in-memory fit's (<see cref="SamePath"/>):
    /// per profile and stratum the linear predictor, S, H, h and their intervals at the times and on the curve's grid,
    /// the quantiles, the mean and the restricted mean; and neither the last follow-up nor the curve is named as not computed.
    /// </summary>
    public static void SamePredictions(FitParametricModelResponse expectedResponse, RemoteFitResult result)
    {
        Close(expectedResponse.LastFollowUp, result.Parametric.LastFollowUp, "last follow-up");
        Assert.True(result.Parametric.LastFollowUp > 0);
        Assert.DoesNotContain(result.NotComputed, n => n.Statistic is "last_follow_up" or "curve" or "predictions");
        var expected = expectedResponse.Fits.Single().Predictions;
        var actual = result.Parametric.Fits.Single().Predictions;
        Assert.NotEmpty(actual);
        Assert.Equal(expected.Select(p => (p.Label, p.Stratum)), actual.Select(p => (p.Label, p.Stratum)));
        for (var k = 0; k < expected.Count; k++)
        {
            var (e, a) = (expected[k], actual[k]);
            Close(e.LinearPredictor, a.LinearPredictor, $"[{k}] linear predictor");
            Points(e.AtTimes, a.AtTimes, $"[{k}] at times");
            Assert.NotEmpty(a.Curve);
            Points(e.Curve, a.Curve, $"[{k}] curve");
            Assert.Equal(e.Quantiles.Select(q => (q.Probability, q.HasTime, q.HasStdError)), a.Quantiles.Select(q => (q.Probability, q.HasTime, q.HasStdError)));
            for (var q = 0; q < e.Quantiles.Count; q++)
            {
                var what = $"[{k}] t_{e.Quantiles[q].Probability}";
                Close(e.Quantiles[q].Time, a.Quantiles[q].Time, what);
                Close(e.Quantiles[q].StdError, a.Quantiles[q].StdError, $"se {what}");
                Close(e.Quantiles[q].Lower, a.Quantiles[q].Lower, $"lower {what}");
                Close(e.Quantiles[q].Upper, a.Quantiles[q].Upper, $"upper {what}");
            }
            Mean(e.Mean, a.Mean, $"[{k}] mean");
            Assert.Equal(e.Rmst is null, a.Rmst is null);
            if (e.Rmst is not null) Mean(e.Rmst, a.Rmst!, $"[{k}] RMST");
        }
    }

    private static void Points(IList<ParametricPoint> expected, IList<ParametricPoint> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            var at = $"{what} [{i}]";
            Assert.Equal((e.HasSurvivalLower, e.HasCumulativeHazardStdError, e.HasHazard, e.HasHazardLower),
                (a.HasSurvivalLower, a.HasCumulativeHazardStdError, a.HasHazard, a.HasHazardLower));
            Close(e.Time, a.Time, $"{at} time");
            Close(e.Survival, a.Survival, $"{at} S");
            Close(e.CumulativeHazard, a.CumulativeHazard, $"{at} H");
            if (e.HasSurvivalLower)
            {
                Close(e.SurvivalLower, a.SurvivalLower, $"{at} S lower");
                Close(e.SurvivalUpper, a.SurvivalUpper, $"{at} S upper");
            }
            if (e.HasCumulativeHazardStdError) Close(e.CumulativeHazardStdError, a.CumulativeHazardStdError, $"{at} se H");
            if (e.HasHazard) Close(e.Hazard, a.Hazard, $"{at} h");
            if (e.HasHazardLower)
            {
                Close(e.HazardLower, a.HazardLower, $"{at} h lower");
                Close(e.HazardUpper, a.HazardUpper, $"{at} h upper");
            }
        }
    }

    private static void Mean(ParametricMean expected, ParametricMean actual, string what)
    {
        Assert.Equal((expected.NotEstimableReason, expected.HasEstimate, expected.HasStdError, expected.HasTau),
            (actual.NotEstimableReason, actual.HasEstimate, actual.HasStdError, actual.HasTau));
        if (expected.HasTau) Close(expected.Tau, actual.Tau, $"{what} tau");
        if (!expected.HasEstimate) return;
        Close(expected.Estimate, actual.Estimate, what);
        if (!expected.HasStdError) return;
        Close(expected.StdError, actual.StdError, $"se {what}");
        Close(expected.Lower, actual.Lower, $"lower {what}");
        Close(expected.Upper, actual.Upper, $"upper {what}");
    }

    /// <summary>
    /// Iterations, β (1e-7), se (1e-6) and log L (1e-9) equal R's survreg fit <paramref name="name"/> of the set; a set
    /// with delayed entry, which survreg cannot fit, is checked against the in-memory fit alone.
    /// </summary>
    public static void EqualsSurvreg(ParametricReferenceSet set, string name, ParametricFit actual)
    {
        if (set.Entries is not null) return;
        var r = set.Fit(name);
        Assert.Equal(r.GetProperty("iterations").GetInt32(), actual.Iterations);
        Tolerance.Equal(Json.Doubles(r, "coef"), [.. actual.Coefficients.Select(c => (double?)c.Estimate)], $"{name} coef", 1e-7);
        Tolerance.Equal(Json.Doubles(r, "se"), [.. actual.Coefficients.Select(c => (double?)c.StdError)], $"{name} se", 1e-6);
        Tolerance.Equal(Json.Double(r.GetProperty("loglik")), actual.LogLikelihood, $"{name} loglik", 1e-9);
    }

    /// <summary>Relative agreement (absolute below 1), <see cref="SamePath"/> unless told.</summary>
    internal static void Close(double expected, double actual, string what, double tolerance = SamePath) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
}
