namespace Survival.Core;

/// <summary>
/// The sums over Efron's d denominators of one event time that its log-likelihood, score, information and baseline
/// hazard need, so that an event time with d tied events costs O(d + p²) instead of O(d·p²).
/// </summary>
/// <remarks>
/// Efron (1977): with S₀ the risk-set sum of exp(η), D₀ that of the d tied events, f_k = k/d and
/// Dₖ = S₀ − f_k D₀ for k = 0 … d − 1, the event time contributes −Σ log Dₖ to log L; the k-th mean is
/// (S₁ − f_k D₁)/Dₖ, so the score and information are linear in the six sums
/// <code>
/// L = Σ log Dₖ   A₀ = Σ 1/Dₖ   A₁ = Σ f_k/Dₖ   B₀ = Σ 1/Dₖ²   B₁ = Σ f_k/Dₖ²   B₂ = Σ f_k²/Dₖ²
/// U −= S₁A₀ − D₁A₁      I += S₂A₀ − D₂A₁ − (S₁S₁'B₀ − (S₁D₁' + D₁S₁')B₁ + D₁D₁'B₂)
/// </code>
/// and the baseline hazard increment is A₀ with variance term B₀ (Therneau &amp; Grambsch 2000, section 3.3).
/// </remarks>
internal readonly record struct EfronSums(double LogSum, double A0, double A1, double B0, double B1, double B2)
{
    /// <summary>The sums for risk-set total <paramref name="total"/> of which the <paramref name="events"/> tied events contribute <paramref name="tied"/>.</summary>
    public static EfronSums Of(double total, double tied, int events)
    {
        double logSum = 0, a0 = 0, a1 = 0, b0 = 0, b1 = 0, b2 = 0;
        for (var k = 0; k < events; k++)
        {
            var f = (double)k / events;
            var denominator = total - f * tied;
            var inverse = 1 / denominator;
            var inverseSquared = inverse * inverse;
            logSum += Math.Log(denominator);
            a0 += inverse;
            a1 += f * inverse;
            b0 += inverseSquared;
            b1 += f * inverseSquared;
            b2 += f * f * inverseSquared;
        }
        return new EfronSums(logSum, a0, a1, b0, b1, b2);
    }
}
