using Survival.Core.IntervalCensoring;
using Survival.TestSupport;

namespace Survival.Core.Tests.IntervalCensoring;

/// <summary>Turnbull's NPMLE against R's npsurv (tests/fixtures-interval).</summary>
public sealed class TurnbullReferenceTests
{
    /// <summary>
    /// R: <c>npsurv(cbind(left, right), tol = 1e-14, maxit = 1000)$f</c> (npsurv 0.5-0); the same Turnbull intervals carry
    /// mass, the masses agree within 1e-8 and the log-likelihoods within 1e-9 relative.
    /// </summary>
    [Theory]
    [MemberData(nameof(IntervalReference.Samples), MemberType = typeof(IntervalReference))]
    public void Masses_equal_npsurv(string file, string group)
    {
        // Arrange
        var reference = IntervalReference.Named(file);
        var expected = reference.Root.GetProperty("npmle").GetProperty(group);

        // Act
        var estimate = Turnbull.Estimate(reference.Data(group));

        // Assert
        var left = Json.Doubles(expected, "left");
        var right = Json.Doubles(expected, "right");
        var mass = Json.Doubles(expected, "p");
        Assert.Equal(left.Length, estimate.Mass.Length);
        for (var j = 0; j < left.Length; j++)
        {
            Assert.Equal(left[j]!.Value, estimate.Left[j]);
            Assert.Equal(right[j] ?? double.PositiveInfinity, estimate.Right[j]);
            Assert.Equal(mass[j]!.Value, estimate.Mass[j], 1e-8);
        }
        Assert.Equal(expected.GetProperty("ll").GetDouble(), estimate.LogLikelihood, Math.Abs(estimate.LogLikelihood) * 1e-9);
        Assert.True(estimate.Converged);
    }

    /// <summary>
    /// The Kuhn–Tucker and self-consistency conditions, recomputed from the definitions over every Turnbull interval
    /// (<see cref="PlainTurnbull"/>): d_j/N ≤ 1e-10 everywhere, |d_j|/N ≤ 1e-10 and |p_j − p_j(d_j + N)/N| ≤ 1e-10 where p_j &gt; 0.
    /// </summary>
    [Theory]
    [MemberData(nameof(IntervalReference.Samples), MemberType = typeof(IntervalReference))]
    public void Estimate_meets_the_Kuhn_Tucker_and_self_consistency_conditions(string file, string group)
    {
        // Arrange
        var data = IntervalReference.Named(file).Data(group);

        // Act
        var estimate = Turnbull.Estimate(data);

        // Assert
        var conditions = PlainTurnbull.Conditions(data, estimate);
        Assert.True(conditions.MaxGradient <= 1e-10, $"max d_j/N = {conditions.MaxGradient}");
        Assert.True(conditions.MaxSupportGradient <= 1e-10, $"max |d_j|/N on the support = {conditions.MaxSupportGradient}");
        Assert.True(conditions.MaxSelfConsistency <= 1e-10, $"self-consistency residual = {conditions.MaxSelfConsistency}");
        Assert.Equal(1.0, estimate.Mass.Sum(), 1e-12);
    }
}
