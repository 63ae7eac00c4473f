namespace Survival.Core.IntervalCensoring;

/// <summary>
/// How each model of the grouped continuous family moves the null survival function with β, at every position of
/// <see cref="NullSurvival"/> (index position + 1): the first and second derivatives of S_β(t | z) in zβ at β = 0, and
/// the derivative of the first in the null S at each position — what the rank scores and the score test's efficient
/// information are made of.
/// </summary>
/// <remarks>
/// With Ṡ = ∂S_β/∂(zβ) and S̈ = ∂²S_β/∂(zβ)² at β = 0 (Fay &amp; Shaw 2010, section 3):
/// <code>
/// Finkelstein  S_β = S^exp(zβ)                         Ṡ = S log S          S̈ = S log S (1 + log S)     ∂Ṡ/∂S = 1 + log S
/// Wilcoxon     S_β = 1/(1 + e^(zβ)(1 − S)/S)            Ṡ = −S(1 − S)        S̈ = S(1 − S)(1 − 2S)        ∂Ṡ/∂S = 2S − 1
/// Sun          S_β(t_k) = Π_{l≤k} 1/(1 + e^(zβ) λ_l/(1 − λ_l))
///                                                       Ṡ = −S_k Λ_k         S̈ = S_k (Λ_k² − Σ_{l≤k} λ_l(1 − λ_l))
/// </code>
/// Sun's Ṡ at position k depends on S at every position up to k: ∂Ṡ_k/∂S_k = −Λ_k + S_k/S_{k−1}, and for j &lt; k
/// ∂Ṡ_k/∂S_j = S_k u_j with u_j = 1/S_{j−1} − S_{j+1}/S_j²; the others' derivatives are on the diagonal only
/// (<see cref="Tail"/> is 0). At S = 1 (time 0) and S = 0 every derivative is 0.
/// </remarks>
internal sealed class RankScoreModel
{
    private RankScoreModel(int count)
    {
        First = new double[count + 1];
        Second = new double[count + 1];
        Diagonal = new double[count + 1];
        Tail = new double[count + 1];
        Coupling = new double[count];
    }

    /// <summary>Ṡ at each position.</summary>
    public double[] First { get; }

    /// <summary>S̈ at each position.</summary>
    public double[] Second { get; }

    /// <summary>∂Ṡ/∂S at the same position.</summary>
    public double[] Diagonal { get; }

    /// <summary>The factor S_k by which Sun's Ṡ_k depends on each earlier S_j (through u_j); 0 for the pointwise models.</summary>
    public double[] Tail { get; }

    /// <summary>u_j for every interval with mass (Sun's only).</summary>
    public double[] Coupling { get; }

    /// <summary>The derivatives of <paramref name="score"/>'s model at the positions of <paramref name="fit"/>.</summary>
    public static RankScoreModel For(IntervalScore score, NullSurvival fit)
    {
        var model = new RankScoreModel(fit.Count);
        var spread = 0.0;
        for (var k = 0; k < fit.Count; k++)
        {
            var s = fit.Survival[k];
            var at = k + 1;
            spread += fit.Hazard[k] * (1 - fit.Hazard[k]);
            if (s <= 0) continue;
            switch (score)
            {
                case IntervalScore.FinkelsteinLogRank:
                    var log = Math.Log(s);
                    (model.First[at], model.Second[at], model.Diagonal[at]) = (s * log, s * log * (1 + log), 1 + log);
                    break;
                case IntervalScore.PetoPetoWilcoxon:
                    (model.First[at], model.Second[at], model.Diagonal[at]) = (-s * (1 - s), s * (1 - s) * (1 - 2 * s), 2 * s - 1);
                    break;
                case IntervalScore.SunLogRank:
                    var hazard = fit.CumulativeHazard[k];
                    model.First[at] = -s * hazard;
                    model.Second[at] = s * (hazard * hazard - spread);
                    model.Diagonal[at] = -hazard + s / fit.SurvivalAt(k - 1);
                    model.Tail[at] = s;
                    // S_{k+1} exists: only the last interval has S = 0.
                    model.Coupling[k] = 1 / fit.SurvivalAt(k - 1) - fit.Survival[k + 1] / (s * s);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(score), score, "unknown score");
            }
        }
        return model;
    }
}
