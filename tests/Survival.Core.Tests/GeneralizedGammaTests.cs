using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using Survival.Core.Parametric;

namespace Survival.Core.Tests;

/// <summary>
/// The generalized gamma's standardized distribution: its tails by integration against MathNet's regularized
/// incomplete gamma functions, S₀(w) = Q(γ, γe^{Qw}) for Q &gt; 0 and P(γ, γe^{Qw}) for Q &lt; 0, to 1e-11 down to 10⁻⁸⁰; their
/// Q-derivatives against differences of those; and Q → 0 (the log-normal) without loss of precision.
/// </summary>
public class GeneralizedGammaTests
{
    public static TheoryData<double> Shapes() => [-2.5, -1, -0.35, -0.05, 0.02, 0.2, 0.6, 1, 1.7, 3];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Tails_equal_the_incomplete_gamma_function(double q)
    {
        // Arrange
        var shape = new GeneralizedGamma.Shape(q);
        double[] points = [-9, -4.2, -2, -0.7, -0.01, 0, 0.3, 1.1, 2.5, 4, 6.5];

        // Act
        var tails = points.Select(shape.Tail).ToArray();

        // Assert
        var gamma = 1 / (q * q);
        for (var i = 0; i < points.Length; i++)
        {
            var u = gamma * Math.Exp(q * points[i]);
            var s = q > 0 ? SpecialFunctions.GammaUpperRegularized(gamma, u) : SpecialFunctions.GammaLowerRegularized(gamma, u);
            var f = q > 0 ? SpecialFunctions.GammaLowerRegularized(gamma, u) : SpecialFunctions.GammaUpperRegularized(gamma, u);
            if (s > 1e-80) Assert.True(Math.Abs(tails[i].S - s) <= 1e-11 * s, $"S({points[i]}) = {tails[i].S}, incomplete gamma {s}");
            if (f > 1e-80) Assert.True(Math.Abs(tails[i].F - f) <= 1e-11 * f, $"F({points[i]}) = {tails[i].F}, incomplete gamma {f}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Shape_derivatives_of_the_tail_equal_differences(double q)
    {
        // Arrange: dS/dQ against differences of the incomplete gamma function; d²S/dQ² against differences of dS/dQ.
        double[] points = [-3, -0.5, 0.4, 2];
        var h = 1e-4 * Math.Max(1, Math.Abs(q));

        // Act
        var (at, up, down) = (Tails(q, points), Tails(q + h, points), Tails(q - h, points));

        // Assert
        for (var i = 0; i < points.Length; i++)
        {
            var first = (IncompleteGamma(q + h, points[i]) - IncompleteGamma(q - h, points[i])) / (2 * h);
            var second = (up[i].SQ - down[i].SQ) / (2 * h);
            Assert.True(Math.Abs(at[i].SQ - first) <= 1e-6 * Math.Max(1e-3, Math.Abs(first)), $"dS/dQ({points[i]}) = {at[i].SQ}, differences {first}");
            Assert.True(Math.Abs(at[i].SQQ - second) <= 1e-6 * Math.Max(1e-2, Math.Abs(second)), $"d2S/dQ2({points[i]}) = {at[i].SQQ}, differences {second}");
        }
    }

    [Theory]
    [InlineData(1e-9)]
    [InlineData(-1e-9)]
    [InlineData(1e-6)]
    public void Q_near_zero_loses_no_precision(double q)
    {
        // Arrange: at Q = 0 the normal; at a tiny Q its first-order expansion S(0) + Q·dS/dQ(0), which a form that
        // cancels (γ = Q⁻² in an incomplete gamma function) would miss by far more than Q².
        double[] points = [-6, -1.5, 0, 0.8, 3, 7];

        // Act
        var zero = Tails(0, points);
        var near = Tails(q, points);

        // Assert
        for (var i = 0; i < points.Length; i++)
        {
            var w = points[i];
            var normal = Normal.CDF(0, 1, -w);
            Assert.True(Math.Abs(zero[i].S - normal) <= 1e-13 * normal, $"S({w}) = {zero[i].S}, normal {normal}");
            var expanded = zero[i].S + q * zero[i].SQ;
            Assert.True(Math.Abs(near[i].S - expanded) <= 1e-13 * zero[i].S + q * q * 1e3, $"S({w}) at Q = {q}: {near[i].S}, expansion {expanded}");
            var density = new GeneralizedGamma.Shape(0).LogDensity(w);
            Assert.Equal(Normal.PDFLn(0, 1, w), density.Value, 1e-12);
            Assert.Equal(-w * w * w / 6, density.Q, 1e-12 * Math.Max(1, Math.Abs(w * w * w)));
            Assert.Equal(density.Value + q * density.Q, new GeneralizedGamma.Shape(q).LogDensity(w).Value, 1e-12 + q * q * 1e4);
        }
    }

    private static StandardTail[] Tails(double q, double[] points) => [.. points.Select(new GeneralizedGamma.Shape(q).Tail)];

    private static double IncompleteGamma(double q, double w)
    {
        var gamma = 1 / (q * q);
        var u = gamma * Math.Exp(q * w);
        return q > 0 ? SpecialFunctions.GammaUpperRegularized(gamma, u) : SpecialFunctions.GammaLowerRegularized(gamma, u);
    }

    [Fact]
    public void The_remainder_of_Stirlings_series_is_continuous_where_the_series_meets_log_gamma()
    {
        // Arrange: the series serves |Q| ≤ 0.3, log Γ beyond.
        var (below, belowFirst, belowSecond) = GeneralizedGamma.Shape.Remainder(0.3);
        var (above, aboveFirst, aboveSecond) = GeneralizedGamma.Shape.Remainder(0.3 + 1e-12);

        // Assert
        Assert.Equal(below, above, 1e-13);
        Assert.Equal(belowFirst, aboveFirst, 1e-11);
        Assert.Equal(belowSecond, aboveSecond, 1e-9);
    }

    [Theory]
    [InlineData(0.1, 0.5)]
    [InlineData(0.9, -0.6)]
    [InlineData(0.5, 1.5)]
    [InlineData(0.25, 0)]
    public void Quantile_inverts_the_distribution(double p, double q)
    {
        // Arrange
        var shape = new GeneralizedGamma.Shape(q);

        // Act
        var w = shape.Quantile(p);

        // Assert
        Assert.Equal(p, shape.Tail(w).F, 1e-12);
    }
}
