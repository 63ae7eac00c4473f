using System.Text.Json;
using Survival.TestSupport;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// Weighted Kaplan–Meier curves and Cox models against R (tests/fixtures-weights): lung by sex with stabilized
/// inverse-probability weights, and a synthetic three-group set with fractional weights, with whole weights, and with
/// whole weights and delayed entry (R's Surv(entry, time, status)).
/// </summary>
public class CaseWeightsReferenceTests
{
    /// <summary>Cox estimates agree with R's to this relative tolerance.</summary>
    private const double CoxTolerance = 1e-6;

    // R: survfit(Surv(time, status) ~ group, data, weights = weight, conf.type = T)[g]; 1e-9 relative.
    [Theory]
    [MemberData(nameof(WeightedReference.Curves), MemberType = typeof(WeightedReference))]
    public void Curve_equals_R(string file, string group, string type)
    {
        // Arrange
        var set = WeightedReference.Named(file);
        var expected = set.Root.GetProperty("km").GetProperty(group).GetProperty(type);
        var options = new SurvivalSummaryOptions { Type = ReferenceCases.ConfidenceTypes[type] };

        // Act
        var summary = Summarize(set, options).Single(g => g.Group == group).Summary;

        // Assert
        var curve = summary.Curve;
        Tolerance.Equal(Json.Doubles(expected, "time"), [.. curve.Times.Select(t => (double?)t)], "time");
        Tolerance.Equal(Json.Doubles(expected, "n_risk"), [.. curve.WeightedAtRisk.Select(n => (double?)n)], "n.risk");
        Tolerance.Equal(Json.Doubles(expected, "n_event"), [.. curve.WeightedEvents.Select(d => (double?)d)], "n.event");
        Tolerance.Equal(Json.Doubles(expected, "surv"), [.. curve.Survival.Select(s => (double?)s)], "surv");
        Tolerance.Equal(Json.Doubles(expected, "cumhaz"), [.. curve.CumulativeHazard.Select(h => (double?)h)], "cumhaz");
        Tolerance.Equal(Json.Doubles(expected, "std_chaz"), [.. curve.CumulativeHazardStdErr.Select(h => (double?)h)], "std.chaz");
        // R's std.err is of S itself when logse is false (robust), of log S otherwise; Inf (not estimable) at S = 0.
        var logScale = expected.GetProperty("logse").GetBoolean();
        Assert.Equal(!set.Robust, logScale);
        var stdErr = Enumerable.Range(0, curve.Times.Length)
            .Select(i => logScale ? (double.IsFinite(curve.StdErrLogSurvival[i]) ? curve.StdErrLogSurvival[i] : null) : curve.StdErrSurvival(i))
            .ToArray();
        Tolerance.Equal(Json.Doubles(expected, "std_err"), stdErr, "std.err");
        Tolerance.Equal(Json.Doubles(expected, "lower"), summary.Band.Lower, "lower");
        Tolerance.Equal(Json.Doubles(expected, "upper"), summary.Band.Upper, "upper");
    }

    // R: quantile(fit[g], c(.25, .5, .75)), summary(fit[g], times, extend = TRUE), summary(fit[g], rmean = tau); 1e-9.
    [Theory]
    [MemberData(nameof(WeightedReference.Names), MemberType = typeof(WeightedReference))]
    public void Quantiles_landmarks_and_rmst_equal_R(string file)
    {
        // Arrange
        var set = WeightedReference.Named(file);
        var landmarks = set.Root.GetProperty("landmarks");
        var times = Json.Doubles(landmarks.EnumerateObject().First().Value, "times").Select(t => t!.Value).ToArray();
        var tau = set.Root.GetProperty("rmean").EnumerateObject().First().Value.GetProperty("tau").GetDouble();
        var options = new SurvivalSummaryOptions { LandmarkTimes = [.. times], RmstTau = tau };

        // Act
        var groups = Summarize(set, options);

        // Assert
        foreach (var group in groups)
        {
            var q = set.Root.GetProperty("quantiles").GetProperty(group.Group);
            Tolerance.Equal(Json.Doubles(q, "time"), [.. group.Summary.Quantiles.Select(e => e.Time)], $"{group.Group} quantile");
            Tolerance.Equal(Json.Doubles(q, "lower"), [.. group.Summary.Quantiles.Select(e => e.Lower)], $"{group.Group} quantile lower");
            Tolerance.Equal(Json.Doubles(q, "upper"), [.. group.Summary.Quantiles.Select(e => e.Upper)], $"{group.Group} quantile upper");
            var l = landmarks.GetProperty(group.Group);
            Tolerance.Equal(Json.Doubles(l, "surv"), [.. group.Summary.Landmarks.Select(e => (double?)e.Survival)], $"{group.Group} landmark");
            Tolerance.Equal(Json.Doubles(l, "std_err"), [.. group.Summary.Landmarks.Select(e => e.StdError)], $"{group.Group} landmark se");
            Tolerance.Equal(Json.Doubles(l, "lower"), [.. group.Summary.Landmarks.Select(e => e.Lower)], $"{group.Group} landmark lower");
            Tolerance.Equal(Json.Doubles(l, "upper"), [.. group.Summary.Landmarks.Select(e => e.Upper)], $"{group.Group} landmark upper");
            var r = set.Root.GetProperty("rmean").GetProperty(group.Group);
            Tolerance.Equal(r.GetProperty("rmean").GetDouble(), group.Summary.Rmst!.Estimate, $"{group.Group} rmean");
            Tolerance.Equal(r.GetProperty("se").GetDouble(), group.Summary.Rmst.StdError, $"{group.Group} se(rmean)");
        }
    }

    // R: coxph(Surv(time, status) ~ group (+ strata(stratum)), weights = weight, ties = ties), with fit$concordance["std"]; 1e-6 relative.
    [Theory]
    [MemberData(nameof(WeightedReference.CoxModels), MemberType = typeof(WeightedReference))]
    public void Group_cox_model_equals_R(string file, string ties, bool stratified)
    {
        // Arrange
        var set = WeightedReference.Named(file);
        var expected = set.Root.GetProperty("cox").GetProperty(ties).GetProperty(stratified ? "stratified" : "unstratified");
        var counts = Table(set, stratify: stratified);

        // Act
        var fit = CoxProportionalHazards.Fit(counts, stratified, ties == "efron" ? TieMethod.Efron : TieMethod.Breslow);

        // Assert
        Tolerance.Equal(Json.Doubles(expected, "coef"), [.. fit.Coefficients.Select(t => t.Estimate.Coefficient)], "coef", CoxTolerance);
        Tolerance.Equal(Json.Doubles(expected, "se"), [.. fit.Coefficients.Select(t => t.Estimate.StdError)], "se", CoxTolerance);
        AssertNaive(expected, [.. fit.Coefficients.Select(t => t.Estimate.NaiveStdError)]);
        Tolerance.Equal(Json.Doubles(expected, "loglik"), [fit.LogLikelihoodNull, fit.LogLikelihood], "loglik", CoxTolerance);
        Tolerance.Equal(expected.GetProperty("lrt").GetDouble(), fit.LikelihoodRatio.ChiSquare, "LRT", CoxTolerance);
        Tolerance.Equal(expected.GetProperty("wald").GetDouble(), fit.Wald.ChiSquare, "Wald", CoxTolerance);
        Tolerance.Equal(expected.GetProperty("score").GetDouble(), fit.Score.ChiSquare, "score", CoxTolerance);
        Tolerance.Equal(expected.GetProperty("concordance").GetDouble(), fit.Concordance?.Value, "concordance", CoxTolerance);
        // With delayed entry the table does not link a subject's entry to its exit, so the se is not estimated.
        if (set.Entries is null) Tolerance.Equal(expected.GetProperty("concordance_std").GetDouble(), fit.Concordance?.StdError, "concordance se", CoxTolerance);
        else Assert.Null(fit.Concordance?.StdError);
        Assert.Equal(expected.GetProperty("iterations").GetInt32(), fit.Iterations);
    }

    internal static void AssertNaive(JsonElement expected, double?[] naive)
    {
        if (expected.GetProperty("naive_se").ValueKind == JsonValueKind.Null) Assert.All(naive, n => Assert.Null(n));
        else Tolerance.Equal(Json.Doubles(expected, "naive_se"), naive, "naive se", CoxTolerance);
    }

    internal static CountingTable Table(WeightedReference set, bool stratify = false)
    {
        var data = (set.Entries is { } entries ? SurvivalData.Create(entries, set.Times, set.Events) : SurvivalData.Create(set.Times, set.Events))
            .WithWeights(set.Weights);
        return CountingTable.FromSubjects(data, Factor.Create(set.Groups), stratify ? Factor.Create(set.Strata) : null);
    }

    private static IReadOnlyList<GroupSummary> Summarize(WeightedReference set, SurvivalSummaryOptions options) =>
        CohortSurvival.Summarize(Table(set), options);
}

/// <summary>Cox regression on covariates with case weights against R (tests/fixtures-weights).</summary>
public class CaseWeightsCoxRegressionReferenceTests
{
    // R: coxph(Surv(time, status) ~ x1 + x2 + f, weights = weight, ties = ties): coef, sqrt(diag(var)),
    // sqrt(diag(naive.var)), tests and concordance; 1e-6 relative.
    [Theory]
    [MemberData(nameof(WeightedReference.RegressionNames), MemberType = typeof(WeightedReference))]
    public void Regression_equals_R(string file)
    {
        foreach (var ties in new[] { "efron", "breslow" })
        {
            // Arrange
            var set = WeightedReference.Named(file);
            var expected = set.Root.GetProperty("coxreg").GetProperty(ties);
            var data = CoxRegressionData.Create(
                SurvivalData.Create(set.Times, set.Events).WithWeights(set.Weights),
                [new NumericCovariate("x1", [.. set.X1]), new NumericCovariate("x2", [.. set.X2]), new FactorCovariate("f", Factor.Create(set.F))]);
            var options = CoxRegressionOptions.Default with { Ties = ties == "efron" ? TieMethod.Efron : TieMethod.Breslow };

            // Act
            var fit = CoxRegression.Fit(data, options);

            // Assert
            const double tolerance = 1e-6;
            Tolerance.Equal(Json.Doubles(expected, "coef"), [.. fit.Coefficients.Select(c => c.Estimate.Coefficient)], $"{ties} coef", tolerance);
            Tolerance.Equal(Json.Doubles(expected, "se"), [.. fit.Coefficients.Select(c => c.Estimate.StdError)], $"{ties} se", tolerance);
            CaseWeightsReferenceTests.AssertNaive(expected, [.. fit.Coefficients.Select(c => c.Estimate.NaiveStdError)]);
            Tolerance.Equal(Json.Doubles(expected, "loglik"), [fit.LogLikelihoodNull, fit.LogLikelihood], $"{ties} loglik", tolerance);
            Tolerance.Equal(expected.GetProperty("lrt").GetDouble(), fit.LikelihoodRatio.ChiSquare, $"{ties} LRT", tolerance);
            Tolerance.Equal(expected.GetProperty("wald").GetDouble(), fit.Wald.ChiSquare, $"{ties} Wald", tolerance);
            Tolerance.Equal(expected.GetProperty("score").GetDouble(), fit.Score.ChiSquare, $"{ties} score", tolerance);
            Tolerance.Equal(expected.GetProperty("concordance").GetDouble(), fit.Concordance!.Value, $"{ties} concordance", tolerance);
            Tolerance.Equal(expected.GetProperty("concordance_std").GetDouble(), fit.Concordance.StdError, $"{ties} concordance se", tolerance);
            Assert.Equal(expected.GetProperty("iterations").GetInt32(), fit.Iterations);
        }
    }
}
