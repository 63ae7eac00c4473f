using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Survival.Core.Design;

/// <summary>
/// The sample size and power of a one-arm trial tested against a historical control's curve by the one-sample log-rank
/// test, from the exact variance of its numerator under the alternative (Wu 2015, Pharm Stat 14:26–33).
/// </summary>
/// <remarks>
/// The test compares the observed events O with those the null curve expects, E = Σ Λ₀(X_i): L = (O − E)/√E. With the
/// censoring survival G of uniform accrual over (0, t_a] and follow-up t_f (G = 1 on [0, t_f], (τ − t)/t_a on
/// (t_f, τ], τ = t_a + t_f) and the alternative S = S₀^δ,
/// <code>
/// p₀ = ∫ G S₀^δ dΛ₀     p₀₀ = ∫ G S₀^δ Λ₀ dΛ₀     p₁ = δ p₀     p₀₁ = δ p₀₀
/// ω = p₁ − p₀           σ² = p₁ − p₁² + 2 p₀₀ − p₀² − 2 p₀₁ + 2 p₀ p₁
/// n = (√p₀ z_{α} + σ z_{β})² / ω²           power(n) = Φ((√n |ω| − √p₀ z_{α}) / σ)
/// </code>
/// For the Weibull null Λ₀(t) = c t^k, c = log 2 / m₀^k, the substitution u = Λ₀(t) gives the integrals in closed form,
/// with P the regularised lower incomplete gamma function:
/// <code>
/// I_s(a, b) = ∫_a^b u^{s−1} e^{−δu} du = Γ(s) δ^{−s} [P(s, δb) − P(s, δa)]
/// p₀  = I₁(0, u_f) + [τ I₁(u_f, u_τ) − c^{−1/k} I_{1+1/k}(u_f, u_τ)] / t_a         u_f = Λ₀(t_f), u_τ = Λ₀(τ)
/// p₀₀ = I₂(0, u_f) + [τ I₂(u_f, u_τ) − c^{−1/k} I_{2+1/k}(u_f, u_τ)] / t_a
/// </code>
/// Wu's example (α = 0.05, t_a = 5, t_f = 3, m₀ = 9, k = 1.22, δ = 1/1.75) needs 88 patients for 80% power.
/// </remarks>
public static class OneSampleLogRankPlan
{
    /// <summary>The patients for <paramref name="power"/>, and the power of that number rounded up.</summary>
    /// <exception cref="InputRuleException">Power outside (0, 1).</exception>
    public static OneArmPlanResult SampleSize(OneArmDesign design, double power)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (!InputRules.IsProbability(power)) throw new InputRuleException("power", InputRules.ProbabilityRequirement);
        var moments = Moments(design);
        var z = Math.Sqrt(moments.P0) * design.Significance.CriticalValue + moments.Sigma * Normal.InvCDF(0, 1, power);
        var patients = z * z / (moments.Omega * moments.Omega);
        var result = moments with { Patients = patients };
        return result with { Power = PowerAt(result, design, result.PatientsRequired) };
    }

    /// <summary>The power with <paramref name="patients"/> patients.</summary>
    /// <exception cref="InputRuleException">Patients not finite and > 0.</exception>
    public static OneArmPlanResult Power(OneArmDesign design, double patients)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (!InputRules.IsRate(patients)) throw new InputRuleException("patients", InputRules.PatientsRequirement);
        var moments = Moments(design) with { Patients = patients };
        return moments with { Power = PowerAt(moments, design, patients) };
    }

    private static double PowerAt(OneArmPlanResult moments, OneArmDesign design, double patients) =>
        Normal.CDF(0, 1, (Math.Sqrt(patients) * Math.Abs(moments.Omega) - Math.Sqrt(moments.P0) * design.Significance.CriticalValue) / moments.Sigma);

    private static OneArmPlanResult Moments(OneArmDesign design)
    {
        var (k, delta, ta, tf) = (design.Shape, design.HazardRatio, design.Accrual, design.FollowUp);
        var tau = ta + tf;
        var c = Math.Log(2) / Math.Pow(design.NullMedian, k);
        double uf = c * Math.Pow(tf, k), ut = c * Math.Pow(tau, k);
        var scale = Math.Pow(c, -1 / k);
        // ∫ G e^{−δu} u^j du: the part before t_f, then (τ ∫ − ∫ t(u)) / t_a over (t_f, τ].
        double Part(int j) => Integral(j + 1, 0, uf) + (tau * Integral(j + 1, uf, ut) - scale * Integral(j + 1 + 1 / k, uf, ut)) / ta;
        double Integral(double s, double a, double b) => Math.Exp(SpecialFunctions.GammaLn(s) - s * Math.Log(delta)) * GammaShare(s, delta * a, delta * b);

        var p0 = Part(0);
        var p00 = Part(1);
        double p1 = delta * p0, p01 = delta * p00;
        return new OneArmPlanResult
        {
            P0 = p0,
            P1 = p1,
            P00 = p00,
            P01 = p01,
            Omega = p1 - p0,
            Sigma = Math.Sqrt(p1 - p1 * p1 + 2 * p00 - p0 * p0 - 2 * p01 + 2 * p0 * p1),
            Patients = double.NaN,
            Power = double.NaN,
        };
    }

    /// <summary>P(s, b) − P(s, a), from the upper tails when both lie beyond the mode, where P is near 1 and would cancel.</summary>
    private static double GammaShare(double s, double a, double b) => a > s
        ? SpecialFunctions.GammaUpperRegularized(s, a) - SpecialFunctions.GammaUpperRegularized(s, b)
        : SpecialFunctions.GammaLowerRegularized(s, b) - SpecialFunctions.GammaLowerRegularized(s, a);
}
