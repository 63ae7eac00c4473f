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

    private static void Close(double expected, double actual, string what, double tolerance = SamePath) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
}
