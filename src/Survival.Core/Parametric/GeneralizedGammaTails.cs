using MathNet.Numerics.Integration;

namespace Survival.Core.Parametric;

/// <summary>
/// S₀, F₀ and their first two derivatives in Q of the generalized gamma's standardized W, by integrating its density:
/// a table of the integrals from knots to ±∞, built once for a Q, and one short piece from a point to its knot.
/// </summary>
/// <remarks>
/// For the vector g(v) = f₀(v)·(1, ℓ_Q, ℓ_Q² + ℓ_QQ), ℓ = log f₀: S₀(w) and its first two Q-derivatives are ∫_w^∞ g, and
/// F₀(w) and its derivatives ∫_{−∞}^w g. Points at or right of the mode w = 0 take the upper integral and points left
/// of it the lower, so each keeps its relative precision in its own tail; the other follows from S₀ + F₀ = 1. Knots
/// step out from the mode by twice the density's local length scale 1/max(|ℓ'|, √|ℓ''|) (between 1/256 and 4), so a
/// 16-point Gauss–Legendre rule (MathNet) over each step, and over the part of a step from a point to its knot, sees a
/// nearly polynomial integrand (a step is shortened until the scale at its far end is at least half its length); the
/// table ends 100 orders of magnitude below the mode, and a point past it integrates its own tail the same way. The density is evaluated in the Q → 0-exact form of
/// <see cref="GeneralizedGamma"/>, so Q = 0 (the normal) and Q = 10⁻⁹ agree to rounding.
/// </remarks>
internal sealed class GeneralizedGammaTails
{
    private const int Order = 16;
    private static readonly double[] Nodes;
    private static readonly double[] Weights;

    private readonly GeneralizedGamma.Shape _shape;

    // Right of the mode: knots ascending from 0 and ∫ from each to +∞. Left: knots descending from 0 and ∫ from −∞.
    private readonly double[] _rightKnots, _leftKnots;
    private readonly Sum[] _rightSums, _leftSums;

    static GeneralizedGammaTails()
    {
        var rule = new GaussLegendreRule(-1, 1, Order);
        Nodes = rule.Abscissas;
        Weights = rule.Weights;
    }

    public GeneralizedGammaTails(GeneralizedGamma.Shape shape)
    {
        _shape = shape;
        (_rightKnots, _rightSums) = Table(+1);
        (_leftKnots, _leftSums) = Table(-1);
    }

    private readonly struct Sum(double value, double first, double second)
    {
        public readonly double Value = value, First = first, Second = second;

        public static Sum operator +(Sum a, Sum b) => new(a.Value + b.Value, a.First + b.First, a.Second + b.Second);
    }

    /// <summary>The tail values at w.</summary>
    public StandardTail At(double w)
    {
        var density = _shape.LogDensity(w);
        var f = Math.Exp(density.Value);
        var tail = new StandardTail { Density = f, DensityZ = f * density.Z, DensityQ = f * density.Q };
        if (double.IsNaN(w)) return new StandardTail { S = double.NaN, F = double.NaN };
        if (double.IsInfinity(w))
        {
            tail.S = w > 0 ? 0 : 1;
            tail.F = 1 - tail.S;
            return tail;
        }
        var upper = w >= 0;
        var (knots, sums, direction) = upper ? (_rightKnots, _rightSums, +1) : (_leftKnots, _leftSums, -1);
        // The first knot at or beyond w (knots run outwards from the mode), then the piece between them.
        var k = Array.BinarySearch(knots, w, upper ? Comparer<double>.Default : Comparer<double>.Create((a, b) => b.CompareTo(a)));
        if (k < 0) k = ~k;
        var sum = k < knots.Length
            ? sums[k] + (upper ? Piece(w, knots[k]) : Piece(knots[k], w))
            : Outwards(w, direction);
        if (upper)
        {
            (tail.S, tail.SQ, tail.SQQ) = (sum.Value, sum.First, sum.Second);
            tail.F = 1 - sum.Value;
        }
        else
        {
            (tail.F, tail.SQ, tail.SQQ) = (sum.Value, -sum.First, -sum.Second);
            tail.S = 1 - sum.Value;
        }
        return tail;
    }

    /// <summary>Knots stepping out from the mode, with the integral from each to ±∞ in that direction.</summary>
    private (double[] Knots, Sum[] Sums) Table(int direction)
    {
        var knots = new List<double> { 0 };
        var pieces = new List<Sum>();
        var v = 0.0;
        var mode = _shape.LogDensity(0).Value;
        for (var step = 0; step < 100_000; step++)
        {
            var next = v + direction * Step(v, direction);
            pieces.Add(direction > 0 ? Piece(v, next) : Piece(next, v));
            knots.Add(next);
            v = next;
            // 100 orders of magnitude below the mode: what lies beyond is below any tail a likelihood reads.
            if (_shape.LogDensity(v).Value < mode - 230) break;
        }
        // From the outermost knot inwards: the integral beyond each knot.
        var sums = new Sum[knots.Count];
        for (var j = knots.Count - 2; j >= 0; j--) sums[j] = sums[j + 1] + pieces[j];
        return ([.. knots], sums);
    }

    /// <summary>∫ g from a point beyond the table outwards to ±∞.</summary>
    private Sum Outwards(double from, int direction)
    {
        var total = new Sum(0, 0, 0);
        var v = from;
        for (var step = 0; step < 100_000; step++)
        {
            var next = v + direction * Step(v, direction);
            var add = direction > 0 ? Piece(v, next) : Piece(next, v);
            total += add;
            v = next;
            if (Math.Abs(add.Value) <= 1e-17 * total.Value || Math.Abs(add.Value) < 1e-300) break;
        }
        return total;
    }

    /// <summary>A step from v no longer than twice the local length scale at either of its ends.</summary>
    private double Step(double v, int direction)
    {
        var length = Scale(v);
        for (var halving = 0; halving < 20 && Scale(v + direction * length) < length / 2; halving++) length /= 2;
        return length;
    }

    /// <summary>Twice the density's local length scale at v, between 1/256 and 4.</summary>
    private double Scale(double v)
    {
        var y = _shape.Q * v;
        var slope = Math.Abs(v * Numerics.Exprel.One(y).Value);
        var curvature = Math.Sqrt(Math.Exp(Math.Min(y, 700)));
        return Math.Clamp(2 / Math.Max(Math.Max(slope, curvature), 0.25), 1.0 / 256, 4);
    }

    /// <summary>The 16-point Gauss–Legendre rule for ∫_a^b g.</summary>
    private Sum Piece(double a, double b)
    {
        double half = (b - a) / 2, middle = (a + b) / 2;
        double value = 0, first = 0, second = 0;
        for (var k = 0; k < Order; k++)
        {
            var j = _shape.LogDensity(middle + half * Nodes[k]);
            var weight = Weights[k] * Math.Exp(j.Value);
            value += weight;
            first += weight * j.Q;
            second += weight * (j.Q * j.Q + j.QQ);
        }
        return new Sum(value * half, first * half, second * half);
    }
}
