using System.Text.Json;
using Survival.TestSupport;
using Survival.Core.Cox;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>
/// Cox regression with covariates against R 4.2.2 / survival 3.5-3 (tests/fixtures/r-cox, written by
/// tools/reference/generate-cox-reference.R): <c>coxph(Surv(time, status) ~ terms [+ strata(s)], ties = T)</c> with
/// <c>summary(fit)</c> — coefficients, se, hazard ratios, intervals, z, p, likelihood-ratio, Wald and score tests,
/// <c>fit$loglik</c> and <c>fit$iter</c> — within 1e-6 relative; <c>fit$concordance</c> within 1e-8;
/// <c>cox.zph(fit, transform = "km")</c> within 1e-6. Aliased columns (R's NA) and coefficients R flags as possibly
/// infinite must be absent here.
/// </summary>
public class CoxRegressionReferenceTests
{
    private const double Estimates = 1e-6;
    private const double ConcordanceTolerance = 1e-8;

    public static TheoryData<string, string> Fits()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, ties) in CoxReferenceSet.Fits()) data.Add(file, ties);
        return data;
    }

    public static TheoryData<string, string> FitsWithZph()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, ties) in CoxReferenceSet.Fits())
        {
            if (CoxReferenceSet.Named(file).Fit(ties).TryGetProperty("zph", out _)) data.Add(file, ties);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fits))]
    public void Coefficients_and_tests_equal_coxph(string file, string ties)
    {
        // Arrange
        var set = CoxReferenceSet.Named(file);
        var expected = set.Fit(ties);
        var infinite = Json.Doubles(expected, "infinite").Select(f => f == 1).ToArray();

        // Act
        var fit = Fit(set, ties, zph: false);

        // Assert
        Assert.Equal(Json.Strings(expected.GetProperty("names")), fit.Coefficients.Select(c => c.Name));
        var estimable = Json.Doubles(expected, "coef").Select((b, i) => b is not null && !infinite[i]).ToArray();
        foreach (var (key, value) in new (string, Func<CoxCoefficient, double?>)[]
                 {
                     ("coef", c => c.Estimate.Coefficient), ("se", c => c.Estimate.StdError), ("hr", c => c.Estimate.HazardRatio),
                     ("lower", c => c.Estimate.Lower), ("upper", c => c.Estimate.Upper), ("z", c => c.Estimate.Z), ("p", c => c.Estimate.PValue),
                 })
        {
            var r = Json.Doubles(expected, key).Select((v, i) => estimable[i] ? v : null).ToArray();
            Tolerance.Equal(r, fit.Coefficients.Select(value).ToArray(), key, Estimates);
        }
        Assert.All(fit.Coefficients.Where((_, i) => !estimable[i]), c => Assert.NotNull(c.Estimate.NotEstimableReason));

        var loglik = Json.Doubles(expected, "loglik");
        Tolerance.Equal(loglik[0], fit.LogLikelihoodNull, "loglik null", Estimates);
        Tolerance.Equal(loglik[1], fit.LogLikelihood, "loglik", Estimates);
        Tolerance.Equal(Json.Double(expected.GetProperty("lr_chisq")), fit.LikelihoodRatio.ChiSquare, "LR", Estimates);
        Tolerance.Equal(Json.Double(expected.GetProperty("lr_p")), fit.LikelihoodRatio.PValue, "LR p", Estimates);
        Assert.Equal(expected.GetProperty("lr_df").GetInt32(), fit.LikelihoodRatio.DegreesOfFreedom);
        Tolerance.Equal(Json.Double(expected.GetProperty("score_chisq")), fit.Score.ChiSquare, "score", Estimates);
        Tolerance.Equal(Json.Double(expected.GetProperty("score_p")), fit.Score.PValue, "score p", Estimates);
        if (!infinite.Contains(true))
        {
            Tolerance.Equal(Json.Double(expected.GetProperty("wald_chisq")), fit.Wald.ChiSquare, "Wald", Estimates);
            Tolerance.Equal(Json.Double(expected.GetProperty("wald_p")), fit.Wald.PValue, "Wald p", Estimates);
        }
        Assert.Equal(expected.GetProperty("iterations").GetInt32(), fit.Iterations);
        Assert.Equal(expected.GetProperty("n").GetInt32(), fit.Subjects);
        Assert.Equal(expected.GetProperty("events").GetInt32(), fit.Events);
        Assert.Equal(!infinite.Contains(true) && fit.Iterations <= 20, fit.Converged);
    }

    [Theory]
    [MemberData(nameof(Fits))]
    public void Concordance_and_its_standard_error_equal_coxph(string file, string ties)
    {
        // Arrange
        var set = CoxReferenceSet.Named(file);
        var expected = set.Fit(ties);

        // Act
        var concordance = Fit(set, ties, zph: false).Concordance!;

        // Assert
        var counts = Json.Doubles(expected, "concordance_counts");
        Assert.Equal([counts[0], counts[1], counts[2]], new double?[] { concordance.Concordant, concordance.Discordant, concordance.TiedRisk });
        Tolerance.Equal(Json.Double(expected.GetProperty("concordance")), concordance.Value, "concordance", ConcordanceTolerance);
        Tolerance.Equal(Json.Double(expected.GetProperty("concordance_std")), concordance.StdError, "concordance se", ConcordanceTolerance);
    }

    [Theory]
    [MemberData(nameof(FitsWithZph))]
    public void Proportional_hazards_test_equals_cox_zph(string file, string ties)
    {
        // Arrange
        var set = CoxReferenceSet.Named(file);
        var expected = set.Fit(ties).GetProperty("zph");

        // Act
        var zph = Fit(set, ties, zph: true).ProportionalHazards!;

        // Assert
        var tests = zph.Terms.Select(t => (t.Term, t.Test)).Append(("GLOBAL", zph.Global)).ToArray();
        Assert.Equal(Json.Strings(expected.GetProperty("terms")), tests.Select(t => t.Item1));
        Tolerance.Equal(Json.Doubles(expected, "chisq"), tests.Select(t => t.Item2.ChiSquare).ToArray(), "chisq", Estimates);
        Tolerance.Equal(Json.Doubles(expected, "df"), tests.Select(t => (double?)t.Item2.DegreesOfFreedom).ToArray(), "df", Estimates);
        Tolerance.Equal(Json.Doubles(expected, "p"), tests.Select(t => t.Item2.PValue).ToArray(), "p", Estimates);
    }

    public static TheoryData<string, string> FitsWithCurves()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, ties) in CoxReferenceSet.Fits())
        {
            if (CoxReferenceSet.Named(file).Fit(ties).TryGetProperty("curves", out _)) data.Add(file, ties);
        }
        return data;
    }

    /// <summary><c>survfit(fit, newdata = profiles)</c>: time, n.risk, n.event, surv, std.err, lower, upper within 1e-6.</summary>
    [Theory]
    [MemberData(nameof(FitsWithCurves))]
    public void Adjusted_curves_equal_survfit_newdata(string file, string ties)
    {
        // Arrange
        var set = CoxReferenceSet.Named(file);
        var expected = set.Fit(ties).GetProperty("curves").EnumerateArray().ToArray();

        // Act
        var curves = CoxRegression.Fit(set.Data(), new CoxRegressionOptions(CoxReferenceSet.Ties(ties), new ConfidenceLevel(set.ConfLevel)), set.Profiles()).Curves;

        // Assert
        Assert.Equal(expected.Length, curves.Length);
        for (var k = 0; k < curves.Length; k++)
        {
            var r = expected[k];
            var points = curves[k].Points;
            Assert.Equal(r.GetProperty("label").GetString(), curves[k].Label);
            Tolerance.Equal(Json.Doubles(r, "time"), points.Select(p => (double?)p.Time).ToArray(), "time", Estimates);
            Tolerance.Equal(Json.Doubles(r, "n_risk"), points.Select(p => (double?)p.AtRisk).ToArray(), "n.risk", Estimates);
            Tolerance.Equal(Json.Doubles(r, "n_event"), points.Select(p => (double?)p.Events).ToArray(), "n.event", Estimates);
            Tolerance.Equal(Json.Doubles(r, "surv"), points.Select(p => (double?)p.Survival).ToArray(), "surv", Estimates);
            Tolerance.Equal(Json.Doubles(r, "std_err"), points.Select(p => (double?)p.StdError).ToArray(), "std.err", Estimates);
            Tolerance.Equal(Json.Doubles(r, "lower"), points.Select(p => (double?)p.Lower).ToArray(), "lower", Estimates);
            Tolerance.Equal(Json.Doubles(r, "upper"), points.Select(p => (double?)p.Upper).ToArray(), "upper", Estimates);
        }
    }

    private static CoxModel Fit(CoxReferenceSet set, string ties, bool zph) =>
        CoxRegression.Fit(set.Data(), new CoxRegressionOptions(CoxReferenceSet.Ties(ties), new ConfidenceLevel(set.ConfLevel), zph));
}
