namespace Survival.Core.Numerics;

/// <summary>The trigamma function ψ'(x) = d²/dx² log Γ(x), which MathNet.Numerics does not offer.</summary>
/// <remarks>
/// For x &gt; 0: ψ'(x) = ψ'(x + n) + Σ_{k=0}^{n−1} 1/(x + k)² (the recurrence ψ'(x) = ψ'(x + 1) + 1/x²) with x + n ≥ 10,
/// then the asymptotic series ψ'(x) = 1/x + 1/(2x²) + Σ_{k≥1} B₂ₖ/x^{2k+1} (Abramowitz &amp; Stegun 6.4.12), whose
/// terms through B₁₆ leave an error below 10⁻¹⁷ at x = 10.
/// </remarks>
internal static class Polygamma
{
    // B₂ₖ for k = 1..8.
    private static readonly double[] Bernoulli = [1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510];

    /// <summary>ψ'(x) for x &gt; 0.</summary>
    public static double Trigamma(double x)
    {
        var shift = 0.0;
        while (x < 10)
        {
            shift += 1 / (x * x);
            x += 1;
        }
        var inverse = 1 / x;
        var inverseSquare = inverse * inverse;
        var power = inverse * inverseSquare;
        var series = inverse + inverseSquare / 2;
        foreach (var b in Bernoulli)
        {
            series += b * power;
            power *= inverseSquare;
        }
        return series + shift;
    }
}
