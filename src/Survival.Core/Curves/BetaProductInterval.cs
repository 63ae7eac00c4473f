using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>
/// The beta product confidence procedure of Fay, Brittain &amp; Proschan (2013, Biostatistics 14:723–736), method-of-moments
/// version: exact (Clopper–Pearson) without censoring, and recommended by them for small or heavily censored samples.
/// </summary>
/// <remarks>
/// Without censoring the number surviving t is binomial and Clopper–Pearson's bounds are beta quantiles. With censoring
/// each death time t_i with n_i at risk and d_i deaths contributes a factor Beta(n_i − d_i + 1, d_i), and the procedure
/// acts conservatively between death times: for t in (t_j, t_{j+1}), with n⁺ at risk after t_j,
/// <code>
/// upper = Q_{1−α/2}( Π_{t_i ≤ t_j} Beta(n_i − d_i + 1, d_i) )                 (1 before the first death)
/// lower = Q_{α/2}(   Π_{t_i ≤ t_j} Beta(n_i − d_i + 1, d_i) · Beta(n⁺, 1) )    (0 after the last time, n⁺ = 0)
/// </code>
/// A product of independent betas is replaced by the beta with its first two moments (Fan 1991):
/// with M₁ = Π a/(a + b) and M₂ = Π a(a + 1)/((a + b)(a + b + 1)), the beta (a, b) = ((M₁ − M₂)M₁, (M₁ − M₂)(1 − M₁))/(M₂ − M₁²).
/// Without censoring the product is itself a beta and the bounds are exactly Clopper–Pearson's:
/// Q_{α/2}(Beta(Y, n − Y + 1)) and Q_{1−α/2}(Beta(Y + 1, n − Y)) with Y survivors of n. A row's interval is the one that
/// holds on the whole step [t_j, t_{j+1}), bpcp's interval for (t_j, t_{j+1}); at t_j itself bpcp's lower bound after a
/// death is higher. The interval always contains the Kaplan–Meier estimate.
/// </remarks>
public static class BetaProductInterval
{
    /// <summary>The interval at each row of <paramref name="curve"/>.</summary>
    public static ConfidenceInterval[] Rows(KaplanMeierCurve curve, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(level);
        var alpha = 1 - level.Value;
        var rows = new ConfidenceInterval[curve.Times.Length];
        var product = BetaMoments.One;
        for (var j = 0; j < rows.Length; j++)
        {
            if (curve.Events[j] > 0) product = product.Times(curve.AtRisk[j] - curve.Events[j] + 1, curve.Events[j]);
            var after = SmallSampleRows.AtRiskAfter(curve, j);
            rows[j] = new(
                after == 0 ? 0 : product.Times(after, 1).Quantile(alpha / 2),
                product.Quantile(1 - alpha / 2));
        }
        return rows;
    }

    /// <summary>The interval before the first row: Beta(n, 1) for the lower bound, 1 for the upper.</summary>
    internal static ConfidenceInterval BeforeFirst(KaplanMeierCurve curve, ConfidenceLevel level) =>
        new(BetaMoments.One.Times(curve.AtRisk[0], 1).Quantile((1 - level.Value) / 2), 1);

    /// <summary>The first two moments of a product of independent betas, and the beta that has them.</summary>
    private readonly record struct BetaMoments(double First, double Second, bool Empty)
    {
        public static BetaMoments One { get; } = new(1, 1, true);

        public BetaMoments Times(double a, double b) =>
            new(First * (a / (a + b)), Second * (a * (a + 1) / ((a + b) * (a + b + 1))), false);

        public double Quantile(double p)
        {
            // No death yet: a point mass at 1. A factor Beta(0, 1) (none left at risk): a point mass at 0.
            if (Empty || First >= 1) return 1;
            if (First <= 0) return 0;
            var scale = (First - Second) / (Second - First * First);
            return BetaQuantile(scale * First, scale * (1 - First), p);
        }
    }

    /// <summary>The beta quantile, MathNet's root polished by Newton steps on the regularized incomplete beta, to full precision.</summary>
    internal static double BetaQuantile(double a, double b, double p)
    {
        var x = Beta.InvCDF(a, b, p);
        for (var step = 0; step < 3; step++)
        {
            var density = Beta.PDF(a, b, x);
            if (!(density > 0) || !double.IsFinite(density)) break;
            var next = x - (SpecialFunctions.BetaRegularized(a, b, x) - p) / density;
            if (!(next > 0 && next < 1)) break;
            x = next;
        }
        return x;
    }
}
