using System.Text.Json;
using Survival.Core.Inference;
using Survival.Core.Parametric;
using Survival.TestSupport;

namespace Survival.Core.Tests;

/// <summary>
/// The six parametric families against R 4.2.2 / survival 3.5-3 (tests/fixtures/r-parametric, written by
/// tools/reference/generate-parametric-reference.R). Exponential, Weibull, log-normal and log-logistic without delayed
/// entry: <c>survreg(Surv(time, status) ~ terms [+ strata(s)], weights = w, dist = d,
/// control = survreg.control(rel.tolerance = 1e-12))</c> — coefficients, se, z, p, Log(scale), variance and
/// predictions within 1e-6 relative, <c>fit$loglik</c> within 1e-9; with R's default control the same iterations.
/// Gompertz, generalized gamma and delayed entry: the likelihood written out in R and maximised to 1e-12 there —
/// estimates within 1e-5, log-likelihood within 1e-9. Sets marked held_out were added after the engine was written.
/// </summary>
public class ParametricReferenceTests
{
    private const double Survreg = 1e-6;
    private const double Written = 1e-5;
    private const double LogLikelihood = 1e-9;

    /// <summary>
    /// R's maximum of the generalized gamma likelihood is found with numDeriv's gradient of pgamma in its shape, which
    /// stops it within about 1e-4 standard errors of the maximum (where ours lies higher on R's own function).
    /// </summary>
    private const double GeneralizedGammaMaximum = 1e-4;

    public static TheoryData<string, string> Fits()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, distribution) in ParametricReferenceSet.Fits()) data.Add(file, distribution);
        return data;
    }

    public static TheoryData<string, string> SurvregFits()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, distribution) in ParametricReferenceSet.Fits())
            if (ParametricReferenceSet.Named(file).IsSurvreg(distribution)) data.Add(file, distribution);
        return data;
    }

    [Theory]
    [MemberData(nameof(Fits))]
    public void Estimates_and_fit_statistics_equal_R(string file, string distribution)
    {
        // Arrange
        var set = ParametricReferenceSet.Named(file);
        var expected = set.Fit(distribution);
        var tolerance = set.IsSurvreg(distribution) ? Survreg : distribution == "gengamma" ? GeneralizedGammaMaximum : Written;
        var errors = ErrorTolerance(set, distribution);

        // Act
        var fit = Fit(set, distribution);

        // Assert
        if (AtBoundary(expected))
        {
            // R's own maximisation stopped where its Hessian is singular (ovarian's generalized gamma runs off to
            // Q → −∞): there is no maximum to equal, only a likelihood at least as high and the fit flagged.
            Assert.True(fit.LogLikelihood >= Json.Double(expected.GetProperty("loglik")), $"ours {fit.LogLikelihood} below R's boundary value");
            Assert.False(fit.Converged);
            Assert.False(string.IsNullOrEmpty(fit.NotConvergedReason));
            return;
        }
        Assert.True(fit.Converged, fit.NotConvergedReason);
        var names = Json.Strings(expected.GetProperty("names"));
        var columns = fit.Coefficients.Length;
        Assert.Equal(names.Take(columns), fit.Coefficients.Select(c => c.Name));
        // An estimate within the tolerance of its own size or of its standard error, whichever is larger: a maximum
        // found numerically is only as sharp as the likelihood's curvature.
        var coef = Json.Doubles(expected, "coef");
        var se = Json.Doubles(expected, "se");
        for (var c = 0; c < columns; c++)
            Tolerance.Equal(coef[c], fit.Coefficients[c].Estimate, $"coef[{c}]", tolerance * Math.Max(1, se[c]!.Value / Math.Abs(coef[c]!.Value)));
        Tolerance.Equal(se, [.. fit.Coefficients.Select(c => c.StdError)], "se", errors);
        Tolerance.Equal(Json.Doubles(expected, "z"), [.. fit.Coefficients.Select(c => c.Z)], "z", errors);
        var z = fit.Coefficients.Select(c => c.Z!.Value).ToArray();
        var p = Json.Doubles(expected, "p");
        for (var c = 0; c < columns; c++)
            Tolerance.Equal(p[c], fit.Coefficients[c].PValue, $"p[{c}]", errors * Math.Max(1, z[c] * z[c]));
        if (expected.TryGetProperty("ancillary", out var ancillary))
        {
            var estimates = fit.Ancillary.Where(a => a.Name is "Log(scale)" or "Log(sigma)" or "Q" or "shape").ToArray();
            var values = Json.Doubles(ancillary);
            var ses = Json.Doubles(expected, "ancillary_se");
            for (var a = 0; a < values.Length; a++)
                Tolerance.Equal(values[a], estimates[a].Estimate, $"ancillary[{a}]", tolerance * Math.Max(1, ses[a]!.Value / Math.Abs(values[a]!.Value)));
            Tolerance.Equal(ses, [.. estimates.Select(a => a.StdError)], "ancillary se", errors);
        }
        Tolerance.Equal(Json.Double(expected.GetProperty("loglik")), fit.LogLikelihood, "loglik", LogLikelihood);
        // A maximum found numerically in R is never higher than ours by more than rounding.
        Assert.True(fit.LogLikelihood >= Json.Double(expected.GetProperty("loglik")) - 1e-12 * Math.Abs(fit.LogLikelihood!.Value),
            $"R's maximum {Json.Double(expected.GetProperty("loglik"))} is above ours {fit.LogLikelihood}");
        Tolerance.Equal(Json.Double(expected.GetProperty("loglik_null")), fit.LogLikelihoodNull, "loglik null", LogLikelihood);
        Assert.Equal(expected.GetProperty("parameters").GetInt32(), fit.ParameterCount);
        Tolerance.Equal(Json.Double(expected.GetProperty("aic")), fit.Aic, "AIC", LogLikelihood);
        Tolerance.Equal(Json.Double(expected.GetProperty("bic")), fit.Bic, "BIC", LogLikelihood);
        if (expected.TryGetProperty("lr_chisq", out var chisq) && chisq.ValueKind == JsonValueKind.Number)
        {
            Tolerance.Equal(chisq.GetDouble(), fit.LikelihoodRatio.ChiSquare, "LR", 1e-6);
            Assert.Equal(expected.GetProperty("lr_df").GetInt32(), fit.LikelihoodRatio.DegreesOfFreedom);
        }
        Tolerance.Equal(Json.Doubles(expected, "var"), [.. fit.Variance.Select(v => (double?)v)], "var", errors * 10);
        if (expected.TryGetProperty("hazard_ratio", out var ratios))
        {
            var hazardRatios = fit.Coefficients.Skip(1).Select(c => c.HazardRatio!).ToArray();
            Tolerance.Equal(Json.Doubles(ratios), [.. hazardRatios.Select(h => h.Estimate)], "HR", tolerance);
            Tolerance.Equal(Json.Doubles(expected, "hazard_ratio_log_se"), [.. hazardRatios.Select(h => h.LogStdError)], "se log HR", errors);
        }
    }

    [Theory]
    [MemberData(nameof(SurvregFits))]
    public void Default_control_takes_survregs_iterations_to_survregs_values(string file, string distribution)
    {
        // Arrange: R's survreg.control() defaults, rel.tolerance 1e-9 and 30 iterations.
        var set = ParametricReferenceSet.Named(file);
        var expected = set.Fit(distribution);

        // Act
        var fit = ParametricRegression.Fit(set.Data(), ParametricReferenceSet.Distribution(distribution));

        // Assert
        Assert.Equal(expected.GetProperty("iterations").GetInt32(), fit.Iterations);
        var parameters = fit.Coefficients.Select(c => c.Estimate)
            .Concat(fit.Ancillary.Where(a => a.Name == "Log(scale)").Select(a => (double?)a.Estimate)).ToArray();
        Tolerance.Equal(Json.Doubles(expected, "default_coef"), parameters, "default coef", 1e-8);
        Tolerance.Equal(Json.Double(expected.GetProperty("default_loglik")), fit.LogLikelihood, "default loglik", 1e-12);
    }

    [Theory]
    [MemberData(nameof(Fits))]
    public void Predictions_equal_R(string file, string distribution)
    {
        // Arrange
        var set = ParametricReferenceSet.Named(file);
        var expected = set.Fit(distribution);
        if (!expected.TryGetProperty("predictions", out var predictions) || AtBoundary(expected)) return;
        var tolerance = set.IsSurvreg(distribution) ? Survreg : Written;
        var errors = Math.Min(ErrorTolerance(set, distribution) * 10, 2e-3);
        var level = new ConfidenceLevel(set.ConfLevel);

        // Act
        var fit = Fit(set, distribution);

        // Assert
        var rows = predictions.EnumerateArray().ToArray();
        Assert.Equal(rows.Length, fit.Predictions.Length);
        for (var k = 0; k < rows.Length; k++)
        {
            var r = rows[k];
            var ours = fit.Predictions[k];
            var what = $"profile {k}";
            Tolerance.Equal(Json.Double(r.GetProperty("linear_predictor")), ours.LinearPredictor, $"{what} eta", tolerance);
            Tolerance.Equal(Json.Doubles(r, "surv"), [.. ours.AtTimes.Select(t => (double?)t.Survival)], $"{what} S", tolerance);
            Tolerance.Equal(Json.Doubles(r, "cumhaz"), [.. ours.AtTimes.Select(t => (double?)t.CumulativeHazard)], $"{what} H", tolerance);
            Tolerance.Equal(Json.Doubles(r, "se_log_cumhaz"), [.. ours.AtTimes.Select(t => t.CumulativeHazardStdError / t.CumulativeHazard)], $"{what} se log H", errors);
            Tolerance.Equal(Json.Doubles(r, "hazard"), [.. ours.AtTimes.Select(t => t.Hazard)], $"{what} h", tolerance);
            Tolerance.Equal(Json.Doubles(r, "se_log_hazard"), [.. ours.AtTimes.Select(t => (double?)Math.Log(t.HazardUpper!.Value / t.Hazard!.Value) / level.Z)], $"{what} se log h", errors);
            Tolerance.Equal(Json.Doubles(r, "quantile"), [.. ours.Quantiles.Select(q => q.Time)], $"{what} quantile", tolerance);
            Tolerance.Equal(Json.Doubles(r, "quantile_se"), [.. ours.Quantiles.Select(q => q.StdError)], $"{what} quantile se", errors);
            Tolerance.Equal(Json.Double(r.GetProperty("mean")), ours.Mean.Estimate, $"{what} mean", tolerance);
            Tolerance.Equal(Json.Double(r.GetProperty("mean_se")), ours.Mean.StdError, $"{what} mean se", errors);
            Tolerance.Equal(Json.Double(r.GetProperty("rmst")), ours.Rmst?.Estimate, $"{what} rmst", tolerance);
            Tolerance.Equal(Json.Double(r.GetProperty("rmst_se")), ours.Rmst?.StdError, $"{what} rmst se", errors);
        }
        if (expected.TryGetProperty("survreg_quantile", out var survregQuantile))
        {
            // R's own predict(fit, newdata, type = "quantile", p, se.fit = TRUE), profile by profile.
            var times = fit.Predictions.SelectMany(p => p.Quantiles.Select(q => q.Time)).ToArray();
            var standardErrors = fit.Predictions.SelectMany(p => p.Quantiles.Select(q => q.StdError)).ToArray();
            Tolerance.Equal(Json.Doubles(survregQuantile), times, "predict quantile", Survreg);
            Tolerance.Equal(Json.Doubles(expected, "survreg_quantile_se"), standardErrors, "predict quantile se", Survreg);
        }
    }

    [Fact]
    public void Held_out_sets_are_present()
    {
        Assert.Contains(ParametricReferenceSet.All, s => s.HeldOut);
        Assert.Contains(ParametricReferenceSet.All, s => !s.HeldOut);
    }

    /// <summary>R could not invert its Hessian at the point it stopped: a standard error is missing.</summary>
    private static bool AtBoundary(JsonElement expected) => Json.Doubles(expected, "se").Any(s => s is null);

    /// <summary>
    /// Standard errors: survreg's analytic variance to 1e-6; a written likelihood's numerical (numDeriv) Hessian to 3e-5
    /// (Richardson extrapolation leaves ovarian's Gompertz intercept se 1.1e-5 from the analytic one);
    /// the generalized gamma's, whose survival is R's pgamma differentiated twice numerically in its shape, to 1e-3 —
    /// on kidney's strata R's own Hessian moves by more than that with numDeriv's step (tools/reference, d = 1e-3 to 1e-2).
    /// </summary>
    private static double ErrorTolerance(ParametricReferenceSet set, string distribution) =>
        set.IsSurvreg(distribution) ? Survreg : distribution == "gengamma" ? 1e-3 : 3 * Written;

    internal static ParametricFit Fit(ParametricReferenceSet set, string distribution) =>
        ParametricRegression.Fit(set.Data(), ParametricReferenceSet.Distribution(distribution), Options(set));

    internal static ParametricOptions Options(ParametricReferenceSet set) => new()
    {
        Tolerance = 1e-12,
        MaxIterations = 100,
        Level = new ConfidenceLevel(set.ConfLevel),
        Profiles = set.Profiles(),
        Times = [.. set.SampleTimes],
        Quantiles = [.. set.Quantiles],
        RmstTau = set.Tau,
    };
}
