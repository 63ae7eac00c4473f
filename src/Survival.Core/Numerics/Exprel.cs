namespace Survival.Core.Numerics;

/// <summary>
/// The exponential remainders E₁(y) = (eʸ − 1)/y and E₂(y) = (eʸ − 1 − y)/y² with their first two derivatives, to full
/// precision for every y, including y → 0 where both quotients are 0/0.
/// </summary>
/// <remarks>
/// Eₙ(y) = Σ_{k≥0} yᵏ/(k + n)! (GSL's <c>exprel_n</c>); its d-th derivative is Σ_{k≥0} (k+1)⋯(k+d) yᵏ/(k + d + n)!.
/// For |y| &lt; 1 the series is summed (each term at most 1/(k+n)! of the last); elsewhere the closed forms
/// E₁ = expm1(y)/y, E₁' = (eʸ − E₁)/y, E₁'' = (eʸ − 2E₁')/y, E₂ = (E₁ − 1)/y, E₂' = (E₁ − 2E₂)/y,
/// E₂'' = (E₁' − 3E₂')/y, which follow from differentiating yⁿEₙ(y) = eʸ − Σ_{j&lt;n} yʲ/j!.
/// The Gompertz cumulative hazard is b t E₁(a t) and the generalized gamma log-density −w²E₂(Q w) − k(Q) − ½log 2π,
/// so both stay exact as a → 0 and Q → 0.
/// </remarks>
internal static class Exprel
{
    /// <summary>
    /// eʸ − 1 to full relative precision: y·E₁(y) by the series for |y| &lt; 1. (MathNet's <c>Expm1</c> and .NET's
    /// <c>double.ExpM1</c> lose up to eight digits for 10⁻⁵ &lt; |y| &lt; 0.2.)
    /// </summary>
    public static double Expm1(double y) => Math.Abs(y) < 1 ? y * Series(y, 1, 0) : Math.Exp(y) - 1;

    /// <summary>E₁(y), E₁'(y), E₁''(y).</summary>
    public static (double Value, double First, double Second) One(double y)
    {
        if (Math.Abs(y) < 1) return (Series(y, 1, 0), Series(y, 1, 1), Series(y, 1, 2));
        var ey = Math.Exp(y);
        var e1 = double.IsPositiveInfinity(ey) ? double.PositiveInfinity : (ey - 1) / y;
        var d1 = (ey - e1) / y;
        return (e1, d1, (ey - 2 * d1) / y);
    }

    /// <summary>E₂(y), E₂'(y), E₂''(y).</summary>
    public static (double Value, double First, double Second) Two(double y)
    {
        if (Math.Abs(y) < 1) return (Series(y, 2, 0), Series(y, 2, 1), Series(y, 2, 2));
        var (e1, d1, _) = One(y);
        var e2 = (e1 - 1) / y;
        var f1 = (e1 - 2 * e2) / y;
        return (e2, f1, (d1 - 3 * f1) / y);
    }

    /// <summary>Σ_{k≥0} (k+1)⋯(k+d) yᵏ/(k + d + n)! for |y| &lt; 1.</summary>
    private static double Series(double y, int n, int d)
    {
        // term_k = yᵏ/(k + d + n)!; the factor (k+1)⋯(k+d) multiplies it.
        var term = 1.0;
        for (var j = 2; j <= d + n; j++) term /= j;
        var sum = 0.0;
        for (var k = 0; k < 40; k++)
        {
            var factor = d switch { 0 => 1.0, 1 => k + 1.0, _ => (k + 1.0) * (k + 2.0) };
            var add = factor * term;
            sum += add;
            if (Math.Abs(add) <= 1e-17 * Math.Abs(sum)) break;
            term *= y / (k + d + n + 1);
        }
        return sum;
    }
}
