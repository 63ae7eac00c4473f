namespace Survival.Core.Cox;

/// <summary>
/// The sums over Efron's d denominators D_r = A − (r/d)·B, r = 0 … d − 1, of one event time, that its
/// log-likelihood, score and information need (see <see cref="CoxLikelihood"/>).
/// </summary>
/// <param name="LogSum">Σ log D_r.</param>
/// <param name="S0">Σ 1/D_r.</param>
/// <param name="S1">Σ f_r/D_r with f_r = r/d.</param>
/// <param name="T0">Σ 1/D_r².</param>
/// <param name="T1">Σ f_r/D_r².</param>
/// <param name="T2">Σ f_r²/D_r².</param>
/// <remarks>
/// With c = A·d/B the denominators are D_r = (B/d)(c − r), so every sum follows from three sums over the d
/// points j = c − d + 1, …, c (Efron 1977; the identities are elementary):
/// <code>
/// L = Σ log j = lnΓ(c + 1) − lnΓ(c − d + 1)   H = Σ 1/j = ψ(c + 1) − ψ(c − d + 1)   Q = Σ 1/j² = ψ′(c − d + 1) − ψ′(c + 1)
/// Σ log D_r = d·log(B/d) + L     S0 = (d/B)·H     S1 = (c·H − d)/B
/// T0 = (d/B)²·Q                  T1 = (d/B²)(c·Q − H)     T2 = (c²·Q − 2c·H + d)/B²
/// </code>
/// A registry day has thousands of tied events, so the closed form replaces a loop over them by O(1) work.
/// L, H and Q are differences of nearly equal special-function values when c ≫ d, so they are not taken as
/// differences of library values: below z = 20 the terms are added one by one, and above it the asymptotic
/// (Stirling) series of lnΓ, ψ and ψ′ (Abramowitz &amp; Stegun 6.1.41, 6.3.18, 6.4.12) is differenced term by
/// term — log1p(d/X) and u^n − v^n = (u − v)·Σ u^{n−1−i}v^i with u − v = d/(XY) have no cancellation. The
/// cancellation left in S1 and T2 costs at most (c/d)² ulps of terms that are that much smaller than the S0 and
/// T0 terms beside them, so the score and information keep full precision. Few ties are summed directly.
/// </remarks>
internal readonly record struct EfronDenominatorSums(double LogSum, double S0, double S1, double T0, double T1, double T2)
{
    /// <summary>
    /// Tied events up to which the d denominators are summed one by one: beyond a few the d logarithms cost more than
    /// the closed form's two, which agrees with the direct sums to about 10⁻¹⁴ from d = 2 (a registry's late days, with
    /// a few deaths each, are most of its event times).
    /// </summary>
    internal const int DirectSumLimit = 4;

    private const double AsymptoticStart = 20;

    // B_2k for k = 1 … 6 (Abramowitz & Stegun 23.2) and the series' coefficients of lnΓ, ψ and ψ′ that carry them.
    private static readonly double[] Bernoulli = [1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730];
    private static readonly double[] LogCoefficients = [.. Bernoulli.Select((b, i) => b / (2 * (i + 1) * (2 * (i + 1) - 1)))];
    private static readonly double[] HarmonicCoefficients = [.. Bernoulli.Select((b, i) => b / (2 * (i + 1)))];

    /// <summary>
    /// The k-th terms of the three series are at most (2k + 1)·|B_2k|·u^{2k} of their leading terms, so they stop
    /// once (2k + 1)·u^{2k} is below half an ulp (2⁻⁵³): a registry's risk sets put u near 10⁻⁷, where one term does.
    /// </summary>
    private const double NegligibleTerm = 1.0 / (1L << 53);

    /// <summary>The sums for total risk A, tied risk B (0 &lt; B ≤ A) and d ≥ 1 tied events.</summary>
    public static EfronDenominatorSums Compute(double total, double tied, int events) =>
        events <= DirectSumLimit ? Direct(total, tied, events) : ClosedForm(total, tied, events);

    /// <summary>The sums added term by term, as R's coxfit6.c does.</summary>
    internal static EfronDenominatorSums Direct(double total, double tied, int events)
    {
        double logSum = 0, s0 = 0, s1 = 0, t0 = 0, t1 = 0, t2 = 0;
        for (var r = 0; r < events; r++)
        {
            var f = (double)r / events;
            var denominator = total - f * tied;
            var inverse = 1 / denominator;
            var inverseSquared = inverse * inverse;
            logSum += Math.Log(denominator);
            s0 += inverse;
            s1 += f * inverse;
            t0 += inverseSquared;
            t1 += f * inverseSquared;
            t2 += f * f * inverseSquared;
        }
        return new(logSum, s0, s1, t0, t1, t2);
    }

    internal static EfronDenominatorSums ClosedForm(double total, double tied, int events)
    {
        // Divisions are the costly steps of a registry day's sums: each divisor is inverted once.
        double d = events;
        var inverse = 1 / tied;
        var c = total * d * inverse;
        var scale = tied / d;
        var perScale = d * inverse;
        // c − d + 1 from A and B directly, not after c: the series' first point heads the chain of dependent steps.
        var (logSum, h, q) = PointSums((total * d - (d - 1) * tied) / tied, events, scale);
        return new(
            LogSum: logSum,
            S0: h * perScale,
            S1: (c * h - d) * inverse,
            T0: q * perScale * perScale,
            T1: d * (c * q - h) * inverse * inverse,
            T2: (c * c * q - 2 * c * h + d) * inverse * inverse);
    }

    /// <summary>
    /// Σ log(s·z), Σ 1/z and Σ 1/z² over z = x, x + 1, …, x + n − 1 (x ≥ 1) for scale s: with s = B/d the first is
    /// Σ log D_r, whose n·log s joins the series' n·log Y as one logarithm.
    /// </summary>
    private static (double Log, double Harmonic, double Square) PointSums(double x, int n, double scale)
    {
        double log = 0, harmonic = 0, square = 0;
        for (; n > 0 && x < AsymptoticStart; x++, n--)
        {
            log += Math.Log(scale * x);
            harmonic += 1 / x;
            square += 1 / (x * x);
        }
        if (n == 0) return (log, harmonic, square);

        // From X = x to Y = x + n: differences of the series term by term, with u = 1/X > v = 1/Y and
        // u^p − v^p = (u − v)·G_p, where G_1 = 1 and G_{p+1} = u·G_p + v^p add only positive terms.
        var y = x + n;
        var (u, v) = (1 / x, 1 / y);
        var gap = n * u * v;
        var logRatio = LogOnePlus(n * u);
        log += (x - 0.5) * logRatio + n * (Math.Log(scale * y) - 1);
        harmonic += logRatio + gap / 2;
        // G_p for p up to 2K + 1, built as the terms are needed.
        var (gOdd, gEven, vPower) = (1.0, u + v, v * v);
        square += gap + gap * gEven / 2;
        var uSquared = u * u;
        var uPower = uSquared;
        for (var k = 1; k <= Bernoulli.Length && (2 * k + 1) * uPower >= NegligibleTerm; k++, uPower *= uSquared)
        {
            // Here gOdd = G_{2k−1} and gEven = G_{2k}; G_{2k+1} follows.
            var gNext = u * gEven + vPower;
            vPower *= v;
            log -= LogCoefficients[k - 1] * gap * gOdd;
            harmonic += HarmonicCoefficients[k - 1] * gap * gEven;
            square += Bernoulli[k - 1] * gap * gNext;
            (gOdd, gEven) = (gNext, u * gNext + vPower);
            vPower *= v;
        }
        return (log, harmonic, square);
    }

    /// <summary>log(1 + y) for y ≥ 0 to a few ulps: y·log(u)/(u − 1) with u = 1 + y rounded, y itself when u rounds to 1.</summary>
    /// <remarks>
    /// Goldberg (1991), "What every computer scientist should know about floating-point arithmetic", Theorem 4: the
    /// rounding of 1 + y cancels in the ratio. One logarithm and one division, where MathNet's Log1p sums a series
    /// after its logarithm — a third of the cost of a registry day's sums.
    /// </remarks>
    private static double LogOnePlus(double y)
    {
        var u = 1 + y;
        // The ratio is taken beside the logarithm rather than after it: the sums of an event time wait on this chain.
        return u == 1 ? y : Math.Log(u) * (y / (u - 1));
    }
}
