using Survival.TestSupport;
using Survival.Core.CompetingRisks;
using Survival.Core.Cox;
using Survival.Core.Curves;

namespace Survival.Core.Tests;

/// <summary>
/// The Aalen–Johansen estimate against R: <c>survfit(Surv(time, factor(status, 0:K)) ~ 1, conf.type = T)</c> on
/// each group's rows (tools/reference/generate-competing-risks-reference.R). Tolerances: probabilities and intervals
/// 1e-9 relative, infinitesimal-jackknife standard errors 1e-7 relative.
/// </summary>
public class AalenJohansenReferenceTests
{
    private const double StdErrors = 1e-7;

    public static TheoryData<string, string> Curves() => CompetingRisksReference.Curves();

    [Theory]
    [MemberData(nameof(Curves))]
    public void Incidence_and_standard_errors_equal_survfit(string file, string group)
    {
        // Arrange
        var set = CompetingRisksReference.Named(file);
        var expected = set.Root.GetProperty("aalen_johansen").GetProperty(group);

        // Act
        var curve = set.Counts(group).Estimate(ConfidenceType.Log, set.ConfLevel);

        // Assert
        Tolerance.Equal(Json.Doubles(expected, "time"), curve.Times.Select(t => (double?)t).ToList(), "time");
        Tolerance.Equal(Json.Doubles(expected, "n_risk"), curve.AtRisk.Select(n => (double?)n).ToList(), "n_risk");
        foreach (var (state, probability) in States(set, curve))
        {
            Tolerance.Equal(Json.Doubles(expected.GetProperty("pstate"), state), probability.Probability.Select(p => (double?)p).ToList(), $"pstate[{state}]");
            Tolerance.Equal(Json.Doubles(expected.GetProperty("std_err"), state), probability.StdError.Select(p => (double?)p).ToList(), $"std.err[{state}]", StdErrors);
        }
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Intervals_equal_survfit_for_every_conf_type(string file, string group)
    {
        // Arrange
        var set = CompetingRisksReference.Named(file);
        var byType = set.Root.GetProperty("aalen_johansen").GetProperty(group).GetProperty("ci");

        foreach (var (name, type) in ReferenceCases.ConfidenceTypes)
        {
            // Act
            var curve = set.Counts(group).Estimate(type, set.ConfLevel);

            // Assert: the bounds inherit the standard error's tolerance.
            var expected = byType.GetProperty(name);
            foreach (var (state, probability) in States(set, curve))
            {
                Tolerance.Equal(Json.Doubles(expected.GetProperty("lower"), state), probability.Lower, $"{name} lower[{state}]", StdErrors);
                Tolerance.Equal(Json.Doubles(expected.GetProperty("upper"), state), probability.Upper, $"{name} upper[{state}]", StdErrors);
            }
        }
    }

    private static IEnumerable<(string State, StateProbability Probability)> States(CompetingRisksReference set, CumulativeIncidenceCurve curve) =>
        set.Causes.Select((cause, c) => (cause, curve.Causes[c])).Prepend(("(s0)", curve.Survival));
}
