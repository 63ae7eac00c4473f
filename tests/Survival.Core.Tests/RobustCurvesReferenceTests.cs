using Survival.TestSupport;
using Survival.Core.CompetingRisks;
using Survival.Core.Cox;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>
/// The combinations the counting table alone could not estimate, against R 4.2.2 / survival 3.5-3
/// (tests/fixtures/r-robust-curves, written by tools/reference/generate-robust-curves-reference.R): the Aalen–Johansen
/// estimate with delayed entry and with case weights (R's multi-state <c>survfit(Surv(entry, time, state) ~ 1, id = id,
/// weights = w)</c>), the Kaplan–Meier estimate with fractional weights and delayed entry and with recurrent events per
/// id (R's robust variance), and the group Cox model with fractional weights and delayed entry. Curves within 1e-9,
/// standard errors within 1e-7; the Cox model within 1e-6.
/// </summary>
public class RobustCurvesReferenceTests
{
    private const double Curves = 1e-9;
    private const double StdErrors = 1e-7;

    public static TheoryData<string> Sets(bool causes)
    {
        var data = new TheoryData<string>();
        foreach (var set in RobustCurvesReference.All.Where(s => (s.Causes is not null) == causes)) data.Add(set.FileName);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sets), true)]
    public void Aalen_Johansen_equals_the_multi_state_survfit(string file)
    {
        // Arrange
        var set = RobustCurvesReference.Named(file);
        var table = set.Table();

        foreach (var group in set.Root.GetProperty("curves").EnumerateObject())
        {
            // Act
            var curve = AalenJohansen.Estimate(table, table.Groups.IndexOf(group.Name), ConfidenceType.Log, new ConfidenceLevel(set.ConfLevel));

            // Assert: R's states are (s0), then the causes in level order, which are the table's.
            var expected = group.Value;
            Tolerance.Equal(Json.Doubles(expected, "time"), [.. curve.Times.Select(t => (double?)t)], $"{group.Name} time", Curves);
            Tolerance.Equal(Json.Doubles(expected, "n_risk"), [.. curve.AtRisk.Select(n => (double?)n)], $"{group.Name} n.risk", Curves);
            var states = Json.Strings(expected.GetProperty("states"));
            var pstate = expected.GetProperty("pstate").EnumerateArray().ToArray();
            var stdErr = expected.GetProperty("std_err").EnumerateArray().ToArray();
            for (var k = 0; k < states.Length; k++)
            {
                var state = k == 0 ? curve.Survival : curve.Causes[table.Causes.IndexOf(states[k])];
                Tolerance.Equal(Json.Doubles(pstate[k]), [.. state.Probability.Select(p => (double?)p)], $"{group.Name} {states[k]}", Curves);
                Tolerance.Equal(Json.Doubles(stdErr[k]), [.. state.StdError.Select(p => (double?)p)], $"{group.Name} {states[k]} se", StdErrors);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sets), false)]
    public void Kaplan_Meier_equals_survfit_with_its_robust_variance(string file)
    {
        // Arrange
        var set = RobustCurvesReference.Named(file);
        var table = set.Table();

        foreach (var group in set.Root.GetProperty("curves").EnumerateObject())
        {
            // Act
            var curve = KaplanMeier.Estimate(table, table.Groups.IndexOf(group.Name));

            // Assert
            var expected = group.Value;
            Tolerance.Equal(Json.Doubles(expected, "time"), [.. curve.Times.Select(t => (double?)t)], $"{group.Name} time", Curves);
            var atRisk = curve.Weighted ? curve.WeightedAtRisk.Select(n => (double?)n) : curve.AtRisk.Select(n => (double?)n);
            Tolerance.Equal(Json.Doubles(expected, "n_risk"), [.. atRisk], $"{group.Name} n.risk", Curves);
            Tolerance.Equal(Json.Doubles(expected, "surv"), [.. curve.Survival.Select(s => (double?)s)], $"{group.Name} surv", Curves);
            // R's robust std.err is of S itself (logse false), S·se(log S).
            var logScale = expected.GetProperty("logse").GetBoolean();
            var stdErr = Enumerable.Range(0, curve.Times.Length).Select(i => logScale ? curve.StdErrLogSurvival[i] : curve.StdErrSurvival(i) ?? 0);
            Tolerance.Equal(Json.Doubles(expected, "std_err"), [.. stdErr.Select(s => (double?)s)], $"{group.Name} std.err", StdErrors);
            Tolerance.Equal(Json.Doubles(expected, "lower"), [.. curve.Times.Select((_, i) => Band(curve, i, set.ConfLevel).Lower)], $"{group.Name} lower", StdErrors);
            Tolerance.Equal(Json.Doubles(expected, "cumhaz"), [.. curve.CumulativeHazard.Select(s => (double?)s)], $"{group.Name} cumhaz", Curves);
            Tolerance.Equal(Json.Doubles(expected, "std_chaz"), [.. curve.CumulativeHazardStdErr.Select(s => (double?)s)], $"{group.Name} std.chaz", StdErrors);
        }
    }

    /// <summary>R's default log interval exp(log S ± z·se(log S)), capped at 1.</summary>
    private static (double? Lower, double? Upper) Band(KaplanMeierCurve curve, int i, double level)
    {
        var z = new ConfidenceLevel(level).Z;
        var (s, se) = (curve.Survival[i], curve.StdErrLogSurvival[i]);
        return s > 0 && double.IsFinite(se) ? (s * Math.Exp(-z * se), Math.Min(1, s * Math.Exp(z * se))) : (null, null);
    }

    /// <summary><c>coxph(Surv(entry, time, status) ~ group, weights = w)</c>: robust (each row its own cluster) within 1e-6.</summary>
    [Fact]
    public void Group_Cox_model_with_fractional_weights_and_delayed_entry_equals_coxph()
    {
        // Arrange
        var set = RobustCurvesReference.Named("km_fractional_entry");
        var expected = set.Root.GetProperty("cox");

        // Act
        var model = CoxProportionalHazards.Fit(set.Table(), stratified: false);

        // Assert
        Tolerance.Equal(Json.Doubles(expected, "coef"), [.. model.Coefficients.Select(c => c.Estimate.Coefficient)], "coef");
        Tolerance.Equal(Json.Doubles(expected, "se"), [.. model.Coefficients.Select(c => c.Estimate.StdError)], "se");
        Tolerance.Equal(Json.Doubles(expected, "naive_se"), [.. model.Coefficients.Select(c => c.Estimate.NaiveStdError)], "naive se");
        Tolerance.Equal(Json.Double(expected.GetProperty("lr_chisq")), model.LikelihoodRatio.ChiSquare, "LR");
        Tolerance.Equal(Json.Double(expected.GetProperty("wald_chisq")), model.Wald.ChiSquare, "Wald");
        Tolerance.Equal(Json.Double(expected.GetProperty("score_chisq")), model.Score.ChiSquare, "score");
        Tolerance.Equal(Json.Double(expected.GetProperty("rscore_chisq")), model.RobustScore?.ChiSquare, "robust score");
        Tolerance.Equal(Json.Doubles(expected, "loglik"), [model.LogLikelihoodNull, model.LogLikelihood], "loglik");
        Tolerance.Equal(Json.Double(expected.GetProperty("concordance")), model.Concordance?.Value, "concordance");
        Tolerance.Equal(Json.Double(expected.GetProperty("concordance_std")), model.Concordance?.StdError, "concordance se");
    }
}
