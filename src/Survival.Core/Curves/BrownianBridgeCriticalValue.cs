using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.RootFinding;

namespace Survival.Core.Curves;

/// <summary>
/// The critical values of the simultaneous bands: quantiles of the supremum of a Brownian bridge W⁰ over [a_L, a_U],
/// computed rather than read from the four-digit tables of Klein &amp; Moeschberger (2003, appendix C.3, C.4).
/// </summary>
/// <remarks>
/// <code>
/// Hall–Wellner     h:  P( sup_{a_L ≤ x ≤ a_U} |W⁰(x)|                  ≤ h ) = level
/// Equal precision  e:  P( sup_{a_L ≤ x ≤ a_U} |W⁰(x)| / √(x(1 − x))     ≤ e ) = level
/// </code>
/// Hall–Wellner: W⁰ is Brownian motion W conditioned on W(1) = 0, so with w₁ = W(a_L), w₂ = W(a_U), Δ = a_U − a_L,
/// <code>
/// P = ∫∫_{(−h,h)²} φ(w₁; a_L) q_Δ(w₁, w₂) φ(w₂; 1 − a_U) dw₁ dw₂ / φ(0; 1)
/// q_Δ(w₁, w₂) = Σ_k [ φ(w₂ − w₁ + 4kh; Δ) − φ(w₂ + w₁ + 2h + 4kh; Δ) ]
/// </code>
/// where φ(·; v) is the normal density of variance v and q_Δ the density of Brownian motion kept inside (−h, h), by the
/// series of images (Feller 1971, §X.5; Anderson 1960). The integral over w₂ of each image term is a product of normal
/// densities, in closed form; the one over w₁ is by Gauss–Legendre panels no wider than a quarter of the narrowest
/// normal in it. a_L = 0 and a_U → 1 give Kolmogorov's distribution (h = 1.3581 at 0.95).
/// <para>
/// Equal precision: W⁰(x)/√(x(1 − x)) = B(u)/√u with u = x/(1 − x), and in τ = log u it is the stationary
/// Ornstein–Uhlenbeck process Z, dZ = −Z/2 dτ + dB (Nair 1984). With T = log(a_U(1 − a_L)/(a_L(1 − a_U))),
/// P = ∫_{−e}^{e} φ(z) v(T, z) dz where v(τ, z), the chance of staying in (−e, e) for a time τ from z, solves
/// ∂v/∂τ = ½ v″ − ½ z v′, v(τ, ±e) = 0, v(0, z) = 1. It is solved by Chebyshev collocation in z (96 points) and the
/// eigen-decomposition of the collocated operator, exactly in τ; the integral is Clenshaw–Curtis's.
/// </para>
/// Both are solved for the critical value by Brent's method to 1e-12.
/// </remarks>
public static class BrownianBridgeCriticalValue
{
    private const int ChebyshevPoints = 96;

    /// <summary>The Hall–Wellner critical value h_α(a_L, a_U) for 0 ≤ a_L ≤ a_U &lt; 1.</summary>
    public static double HallWellner(double aLower, double aUpper, double level)
    {
        Check(aLower, aUpper, level, lowerMayBeZero: true);
        // The supremum is at least |W⁰(a_U)|, so h is at least that normal's quantile.
        var pointwise = Normal.InvCDF(0, 1, (1 + level) / 2) * Math.Sqrt(aUpper * (1 - aUpper));
        if (aUpper == aLower) return pointwise;
        return Brent.FindRoot(h => HallWellnerProbability(aLower, aUpper, h) - level, pointwise * (1 - 1e-9), 10, 1e-12, 200);
    }

    /// <summary>The equal-precision critical value e_α(a_L, a_U) for 0 &lt; a_L ≤ a_U &lt; 1.</summary>
    public static double EqualPrecision(double aLower, double aUpper, double level)
    {
        Check(aLower, aUpper, level, lowerMayBeZero: false);
        var z = Normal.InvCDF(0, 1, (1 + level) / 2);
        var span = Math.Log(aUpper * (1 - aLower) / (aLower * (1 - aUpper)));
        if (span == 0) return z;
        return Brent.FindRoot(e => EqualPrecisionProbability(span, e) - level, z, z + 10, 1e-12, 200);
    }

    /// <summary>P(sup over [a_L, a_U] of |W⁰| ≤ h).</summary>
    internal static double HallWellnerProbability(double aLower, double aUpper, double h)
    {
        var delta = aUpper - aLower;
        var after = 1 - aUpper;
        if (delta == 0) return 2 * Normal.CDF(0, 1, h / Math.Sqrt(aLower * after)) - 1;
        var images = (int)Math.Ceiling((Math.Sqrt(160) + 2 * h) / (4 * h)) + 1;
        double Inner(double w1)
        {
            var sum = 0.0;
            for (var k = -images; k <= images; k++)
                sum += Kept(w1 - 4 * k * h, delta, after, h) - Kept(-w1 - 2 * h - 4 * k * h, delta, after, h);
            return sum;
        }
        var origin = Normal.PDF(0, 1, 0);
        if (aLower == 0) return Inner(0) / origin;
        var sdLower = Math.Sqrt(aLower);
        var reach = Math.Min(h, 12 * sdLower);
        var narrowest = Math.Min(sdLower, Math.Sqrt(delta + after));
        var panels = (int)Math.Clamp(Math.Ceiling(2 * reach / (narrowest / 4)), 8, 4000);
        var width = 2 * reach / panels;
        var total = 0.0;
        for (var p = 0; p < panels; p++)
        {
            var from = -reach + p * width;
            total += GaussLegendreRule.Integrate(w => Normal.PDF(0, sdLower, w) * Inner(w), from, from + width, 16);
        }
        return total / origin;
    }

    /// <summary>∫_{−h}^{h} φ(w − m; Δ) φ(w; v) dw, in closed form.</summary>
    private static double Kept(double m, double delta, double v, double h)
    {
        var density = Normal.PDF(0, Math.Sqrt(delta + v), m);
        if (v == 0) return density;
        var mean = m * v / (delta + v);
        var sd = Math.Sqrt(delta * v / (delta + v));
        return density * (Normal.CDF(mean, sd, h) - Normal.CDF(mean, sd, -h));
    }

    /// <summary>P(|Z(τ)| ≤ e for τ ∈ [0, T]) for the stationary Ornstein–Uhlenbeck process Z.</summary>
    internal static double EqualPrecisionProbability(double span, double e)
    {
        var n = ChebyshevPoints;
        var (nodes, d) = Chebyshev(n);
        // On z = e·x: v″ = D²v/e², v′ = Dv/e. Interior rows and columns carry the boundary condition v(±e) = 0.
        var d2 = d * d;
        var generator = Matrix<double>.Build.Dense(n - 1, n - 1, (i, j) =>
            0.5 * d2[i + 1, j + 1] / (e * e) - 0.5 * (e * nodes[i + 1]) * d[i + 1, j + 1] / e);
        var evd = generator.Evd();
        var vectors = evd.EigenVectors;
        var decay = Vector<double>.Build.Dense(n - 1, i => Math.Exp(evd.EigenValues[i].Real * span));
        var coefficients = vectors.Solve(Vector<double>.Build.Dense(n - 1, 1.0));
        var kept = vectors * coefficients.PointwiseMultiply(decay);
        var weights = ClenshawCurtisWeights(n);
        var probability = 0.0;
        for (var i = 1; i < n; i++) probability += weights[i] * e * Normal.PDF(0, 1, e * nodes[i]) * kept[i - 1];
        return probability;
    }

    /// <summary>The Chebyshev points cos(πi/n) and the differentiation matrix on them (Trefethen 2000, ch. 6).</summary>
    private static (double[] Nodes, Matrix<double> D) Chebyshev(int n)
    {
        var x = new double[n + 1];
        for (var i = 0; i <= n; i++) x[i] = Math.Cos(Math.PI * i / n);
        double C(int i) => (i == 0 || i == n ? 2 : 1) * (i % 2 == 0 ? 1 : -1);
        var d = Matrix<double>.Build.Dense(n + 1, n + 1);
        for (var i = 0; i <= n; i++)
        {
            var rowSum = 0.0;
            for (var j = 0; j <= n; j++)
            {
                if (i == j) continue;
                d[i, j] = C(i) / C(j) / (x[i] - x[j]);
                rowSum += d[i, j];
            }
            // The diagonal makes each row sum to zero: the derivative of a constant is exactly 0.
            d[i, i] = -rowSum;
        }
        return (x, d);
    }

    /// <summary>Clenshaw–Curtis weights on the Chebyshev points of [−1, 1] (Trefethen 2000, ch. 12).</summary>
    private static double[] ClenshawCurtisWeights(int n)
    {
        var w = new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            var theta = Math.PI * i / n;
            var sum = 0.0;
            for (var k = 1; k <= n / 2; k++)
            {
                var b = k == n / 2 && n % 2 == 0 ? 1.0 : 2.0;
                sum += b * Math.Cos(2 * k * theta) / (4.0 * k * k - 1);
            }
            w[i] = (1 - sum) / n * (i == 0 || i == n ? 1 : 2);
        }
        return w;
    }

    private static void Check(double aLower, double aUpper, double level, bool lowerMayBeZero)
    {
        if (!(aLower >= 0) || (!lowerMayBeZero && aLower == 0) || !(aUpper >= aLower) || !(aUpper < 1))
            throw new InputRuleException("band range", "must give 0 ≤ a_L ≤ a_U < 1 (a_L > 0 for the equal-precision band)");
        if (!InputRules.IsConfidenceLevel(level)) throw new InputRuleException("conf_level", InputRules.ConfidenceLevelRequirement);
    }
}
