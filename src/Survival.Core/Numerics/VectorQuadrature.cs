using MathNet.Numerics.Integration;

namespace Survival.Core.Numerics;

/// <summary>
/// Adaptive quadrature of a vector of integrands that share their expensive part (an S(t) with its derivatives), on
/// one partition, where MathNet's integrators take one scalar function at a time.
/// </summary>
/// <remarks>
/// A piece [a, b] is accepted when MathNet's 16-point Gauss–Legendre rule over it and the sum of the rule over its two
/// halves agree in every component to the relative tolerance of that component's scale (∫|f| by the rule over the whole
/// interval, so that pieces where f is negligible are not refined for nothing); otherwise each half is refined, to a
/// depth of 30 and at most <see cref="MaxPieces"/> pieces in all (an integrand whose derivatives are only as precise as
/// a table, or not finite, would otherwise be split 2³⁰ times). The finer of the two estimates is kept.
/// </remarks>
internal static class VectorQuadrature
{
    private const int Order = 16;

    /// <summary>The most pieces one integral is split into: far more than a smooth S needs at 10⁻¹².</summary>
    private const int MaxPieces = 1 << 11;
    private static readonly double[] Nodes;
    private static readonly double[] Weights;

    static VectorQuadrature()
    {
        var rule = new GaussLegendreRule(-1, 1, Order);
        Nodes = rule.Abscissas;
        Weights = rule.Weights;
    }

    /// <summary>
    /// An integrand: for each point it is given it fills its values (as many as the integral has components)
    /// (point-major), so that one call evaluates a whole rule.
    /// </summary>
    public delegate void Integrand(ReadOnlySpan<double> points, Span<double> values);

    /// <summary>∫_a^b f, component by component.</summary>
    public static double[] Integrate(Integrand f, double a, double b, int dimension, double relative)
    {
        var scale = new double[dimension];
        var whole = Rule(f, a, b, dimension, scale);
        var result = new double[dimension];
        var pieces = 1;
        Refine(f, a, b, whole, dimension, relative, scale, 0, result, ref pieces);
        return result;
    }

    private static void Refine(
        Integrand f, double a, double b, double[] whole, int dimension, double relative, double[] scale, int depth, double[] result, ref int pieces)
    {
        var middle = (a + b) / 2;
        var left = Rule(f, a, middle, dimension, null);
        var right = Rule(f, middle, b, dimension, null);
        pieces++;
        var accepted = depth >= 30 || pieces >= MaxPieces;
        if (!accepted)
        {
            accepted = true;
            for (var k = 0; k < dimension && accepted; k++)
            {
                var finer = left[k] + right[k];
                var difference = Math.Abs(finer - whole[k]);
                // Not finite: no refinement mends it, and the sum carries it to the caller.
                accepted = !double.IsFinite(difference) || difference <= relative * Math.Max(Math.Abs(finer), scale[k]) || difference < 1e-300;
            }
        }
        if (accepted)
        {
            for (var k = 0; k < dimension; k++) result[k] += left[k] + right[k];
            return;
        }
        Refine(f, a, middle, left, dimension, relative, scale, depth + 1, result, ref pieces);
        Refine(f, middle, b, right, dimension, relative, scale, depth + 1, result, ref pieces);
    }

    /// <summary>The rule over [a, b]; with <paramref name="scale"/>, also the rule applied to |f| there.</summary>
    private static double[] Rule(Integrand f, double a, double b, int dimension, double[]? scale)
    {
        double half = (b - a) / 2, middle = (a + b) / 2;
        Span<double> points = stackalloc double[Order];
        for (var i = 0; i < Order; i++) points[i] = middle + half * Nodes[i];
        var values = new double[Order * dimension];
        f(points, values);
        var sum = new double[dimension];
        for (var i = 0; i < Order; i++)
        {
            for (var k = 0; k < dimension; k++)
            {
                sum[k] += Weights[i] * values[i * dimension + k];
                if (scale is not null) scale[k] += Weights[i] * Math.Abs(values[i * dimension + k]) * half;
            }
        }
        for (var k = 0; k < dimension; k++) sum[k] *= half;
        return sum;
    }
}
