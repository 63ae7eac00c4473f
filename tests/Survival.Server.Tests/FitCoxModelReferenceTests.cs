using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// FitCoxModel through a real GrpcChannel equals R 4.2.2 / survival 3.5-3 on every r-cox fixture:
/// <c>coxph(Surv(time, status) ~ terms [+ strata(s)], ties = T)</c>, <c>summary(fit)</c>, <c>fit$concordance</c> and
/// <c>cox.zph(fit, transform = "km")</c>; estimates within 1e-6 relative, concordance within 1e-8. The subjects
/// and columns forms give the same numbers.
/// </summary>
[Collection(ServerCollection.Name)]
public class FitCoxModelReferenceTests(ServerFixture server)
{
    private const double Estimates = 1e-6;

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (file, ties) in CoxReferenceSet.Fits())
        {
            data.Add(file, ties, false);
            data.Add(file, ties, true);
        }
        return data;
    }

    [Fact]
    public async Task Adjusted_curves_equal_survfit_newdata()
    {
        // Arrange: survfit(coxph(Surv(time, status) ~ trt + celltype + karno + age, veteran), newdata = profiles)
        var set = CoxReferenceSet.Named("veteran");
        var expected = set.Fit("efron").GetProperty("curves").EnumerateArray().ToArray();
        var request = CoxRequests.Subjects(set, "efron");
        foreach (var profile in set.Profiles())
            request.CurvesAt.Add(new CovariateProfile { Label = profile.Label, Covariates = { profile.Covariates.ToDictionary() }, Factors = { profile.Factors.ToDictionary() } });

        // Act
        var response = await server.Client.FitCoxModelAsync(request);

        // Assert
        Assert.Equal(expected.Length, response.Curves.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            var points = response.Curves[k].Points;
            Assert.Equal(expected[k].GetProperty("label").GetString(), response.Curves[k].Label);
            Tolerance.Equal(Json.Doubles(expected[k], "surv"), points.Select(p => (double?)p.Survival).ToArray(), "surv", Estimates);
            Tolerance.Equal(Json.Doubles(expected[k], "std_err"), points.Select(p => (double?)p.StdError).ToArray(), "std.err", Estimates);
            Tolerance.Equal(Json.Doubles(expected[k], "lower"), points.Select(p => (double?)p.Lower).ToArray(), "lower", Estimates);
            Tolerance.Equal(Json.Doubles(expected[k], "upper"), points.Select(p => (double?)p.Upper).ToArray(), "upper", Estimates);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fit_equals_coxph(string file, string ties, bool columns)
    {
        // Arrange
        var set = CoxReferenceSet.Named(file);
        var expected = set.Fit(ties);
        var request = columns ? CoxRequests.Columns(set, ties) : CoxRequests.Subjects(set, ties);
        var infinite = Json.Doubles(expected, "infinite").Select(f => f == 1).ToArray();

        // Act
        var response = await server.Client.FitCoxModelAsync(request);

        // Assert
        Assert.Equal(Json.Strings(expected.GetProperty("names")), response.Coefficients.Select(c => c.Term + c.Level));
        var estimable = Json.Doubles(expected, "coef").Select((b, i) => b is not null && !infinite[i]).ToArray();
        double? Value(CoxCoefficient c, bool has, double v) => has ? v : null;
        foreach (var (key, value) in new (string, Func<CoxCoefficient, double?>)[]
                 {
                     ("coef", c => Value(c, c.HasCoefficient, c.Coefficient)), ("se", c => Value(c, c.HasStdError, c.StdError)),
                     ("hr", c => Value(c, c.HasHazardRatio, c.HazardRatio)), ("lower", c => Value(c, c.HasLower, c.Lower)),
                     ("upper", c => Value(c, c.HasUpper, c.Upper)), ("z", c => Value(c, c.HasZ, c.Z)), ("p", c => Value(c, c.HasPValue, c.PValue)),
                 })
        {
            Tolerance.Equal(Json.Doubles(expected, key).Select((v, i) => estimable[i] ? v : null).ToArray(),
                response.Coefficients.Select(value).ToArray(), key, Estimates);
        }
        var loglik = Json.Doubles(expected, "loglik");
        Tolerance.Equal(loglik, [response.LogLikelihoodNull, response.LogLikelihood], "loglik", Estimates);
        Tolerance.Equal(Json.Double(expected.GetProperty("lr_chisq")), response.LikelihoodRatio.ChiSquare, "LR", Estimates);
        Tolerance.Equal(Json.Double(expected.GetProperty("score_chisq")), response.Score.ChiSquare, "score", Estimates);
        if (!infinite.Contains(true)) Tolerance.Equal(Json.Double(expected.GetProperty("wald_chisq")), response.Wald.ChiSquare, "Wald", Estimates);
        Assert.Equal(expected.GetProperty("iterations").GetInt32(), response.Iterations);
        Assert.Equal(expected.GetProperty("events").GetInt32(), response.Events);
        Tolerance.Equal(Json.Double(expected.GetProperty("concordance")), response.Concordance, "concordance", 1e-8);
        Tolerance.Equal(Json.Double(expected.GetProperty("concordance_std")), response.ConcordanceStdError, "concordance se", 1e-8);
        if (expected.TryGetProperty("zph", out var zph))
        {
            var tests = response.ProportionalHazards.Terms.Append(response.ProportionalHazards.Global).ToArray();
            Assert.Equal(Json.Strings(zph.GetProperty("terms")), tests.Select(t => t.Term));
            Tolerance.Equal(Json.Doubles(zph, "chisq"), tests.Select(t => (double?)t.ChiSquare).ToArray(), "zph chisq", Estimates);
            Tolerance.Equal(Json.Doubles(zph, "p"), tests.Select(t => (double?)t.PValue).ToArray(), "zph p", Estimates);
        }
    }
}
