using Survival.Core.Counting;

namespace Survival.Core.Cox;

/// <summary>Efron's approximation: the tied events leave the risk set gradually, on average.</summary>
/// <remarks>
/// Efron (1977). With D the set of d tied events and R everyone at risk, an event time contributes
/// <code>
/// Σ_{i ∈ D} η_i − Σ_{r=0}^{d−1} log( Σ_{i ∈ R} exp(η_i) − (r/d) Σ_{i ∈ D} exp(η_i) )
/// </code>
/// which equals Breslow's term when d = 1; R's <c>coxph(ties = "efron")</c>, its default. With case weights w
/// (R's coxfit6.c) the sums are weighted, Σ_{i ∈ R} w_i exp(η_i) − (r/d) Σ_{i ∈ D} w_i exp(η_i), d stays the number of
/// tied events, and each of the d log terms counts (Σ_{i ∈ D} w_i)/d times, the mean weight of the tied events.
/// <para>
/// With the covariates constant within groups, the r-th denominator is D_r = A − f_r·B with f_r = r/d,
/// A = Σ_g n_g e_g and B = Σ_g d_g e_g (e_g = exp η_g), and group c's share of it is a_c − f_r b_c with
/// a_c = n_c e_c, b_c = d_c e_c. The score and information then need only five sums over r,
/// <code>
/// S₀ = Σ 1/D_r   S₁ = Σ f_r/D_r   T₀ = Σ 1/D_r²   T₁ = Σ f_r/D_r²   T₂ = Σ f_r²/D_r²
/// U_c  −= a_c S₀ − b_c S₁
/// I_cc' += δ_cc'(a_c S₀ − b_c S₁) − (a_c a_c' T₀ − (a_c b_c' + b_c a_c') T₁ + b_c b_c' T₂)
/// </code>
/// and <see cref="EfronDenominatorSums"/> gives them in closed form, so that a registry day with thousands of
/// tied events costs O(k²) rather than O(d·k²).
/// </para>
/// </remarks>
internal sealed class EfronTies : ICoxTies
{
    public static EfronTies Instance { get; } = new();

    public void AddEventTime(ReadOnlySpan<double> atRisk, ReadOnlySpan<double> deaths, int events, GroupRisk risk, PartialLikelihood into)
    {
        var (a, b) = (risk.Weights, risk.TiedWeights);
        double total = 0, tied = 0;
        for (var g = 0; g < a.Length; g++)
        {
            a[g] = atRisk[g] * risk.Risk[g];
            b[g] = deaths[g] * risk.Risk[g];
            total += a[g];
            tied += b[g];
        }

        // R's weighted Efron rule: each of the d steps counts with the mean weight of the tied events (1 without weights).
        var meanWeight = tied == 0 ? 0 : DeathWeight(deaths) / events;
        var (logSum, s0, s1, t0, t1, t2) = EfronDenominatorSums.Compute(total, tied, events);
        (logSum, s0, s1, t0, t1, t2) = (meanWeight * logSum, meanWeight * s0, meanWeight * s1, meanWeight * t0, meanWeight * t1, meanWeight * t2);
        into.LogLikelihood -= logSum;
        var m = into.Covariates;
        for (var g = 0; g < a.Length; g++)
        {
            var c = risk.CovariateOf[g];
            if (c < 0) continue;
            var share = a[g] * s0 - b[g] * s1;
            into.Score[c] -= share;
            into.Information[c * m + c] += share;
            for (var h = 0; h < a.Length; h++)
            {
                var c2 = risk.CovariateOf[h];
                if (c2 >= 0) into.Information[c * m + c2] -= a[g] * a[h] * t0 - (a[g] * b[h] + b[g] * a[h]) * t1 + b[g] * b[h] * t2;
            }
        }
    }

    private static double DeathWeight(ReadOnlySpan<double> deaths)
    {
        var sum = 0.0;
        foreach (var d in deaths) sum += d;
        return sum;
    }
}
