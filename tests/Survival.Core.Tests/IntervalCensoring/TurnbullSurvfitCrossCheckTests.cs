using Survival.Core.IntervalCensoring;
using Survival.TestSupport;

namespace Survival.Core.Tests.IntervalCensoring;

/// <summary>
/// R's <c>survfit(Surv(left, right, type = "interval2")) ~ 1</c> as a cross-check only: its EM stops once an iteration
/// moves S by less than 5e-5, short of the NPMLE, and it reports each Turnbull interval at its midpoint
/// (docs/methods.md, "Interval-censored data").
/// </summary>
public sealed class TurnbullSurvfitCrossCheckTests
{
    /// <summary>
    /// At every time survfit reports — the midpoint t of a Turnbull interval, its <c>surv</c> the survival after that
    /// interval — the NPMLE's survival after the same interval (the mass of the intervals lying wholly after t) is within
    /// 0.02 of it (the largest gap on these fixtures is 1.0e-2, on 60 subjects); and survfit's masses, placed on the
    /// intervals that contain their times, give no larger log-likelihood than the NPMLE's.
    /// </summary>
    [Theory]
    [MemberData(nameof(IntervalReference.Samples), MemberType = typeof(IntervalReference))]
    public void Survfit_is_close_to_the_NPMLE_and_no_more_likely(string file, string group)
    {
        // Arrange
        var reference = IntervalReference.Named(file);
        var survfit = reference.Root.GetProperty("survfit").GetProperty(group);
        var times = Json.Doubles(survfit, "time").Select(t => t!.Value).ToArray();
        var surv = Json.Doubles(survfit, "surv").Select(s => s!.Value).ToArray();
        var data = reference.Data(group);

        // Act
        var estimate = Turnbull.Estimate(data);

        // Assert
        for (var k = 0; k < times.Length; k++)
        {
            var after = 0.0;
            for (var j = 0; j < estimate.Mass.Length; j++)
                if (estimate.Left[j] > times[k] || (estimate.Left[j] == times[k] && estimate.Right[j] > times[k])) after += estimate.Mass[j];
            Assert.True(Math.Abs(after - surv[k]) <= 0.02, $"t = {times[k]}: NPMLE {after}, survfit {surv[k]}");
        }
        var survfitMass = new double[times.Length];
        for (var k = 0; k < times.Length; k++) survfitMass[k] = (k == 0 ? 1 : surv[k - 1]) - surv[k];
        var tail = surv.Length == 0 ? 1 : surv[^1];
        var survfitLikelihood = 0.0;
        for (var i = 0; i < data.Count; i++)
        {
            var (left, right) = (data.Left[i], data.Right[i]);
            var probability = double.IsPositiveInfinity(right) ? tail : 0;
            for (var k = 0; k < times.Length; k++)
                if ((times[k] > left && times[k] <= right) || (left == right && times[k] == left)) probability += survfitMass[k];
            survfitLikelihood += data.Counts[i] * Math.Log(probability);
        }
        Assert.True(estimate.LogLikelihood >= survfitLikelihood - 1e-9 * Math.Abs(survfitLikelihood),
            $"NPMLE ℓ = {estimate.LogLikelihood}, survfit's ℓ = {survfitLikelihood}");
    }
}
