using Survival.Core.Counting;

namespace Survival.Core.Cox;

/// <summary>
/// The Cox log partial likelihood at one β with its gradient (score) and negative Hessian (information), summed
/// over event times. Covariates are the indicators of the non-reference groups.
/// </summary>
internal sealed class PartialLikelihood(int covariates)
{
    public int Covariates { get; } = covariates;

    public double LogLikelihood { get; set; }

    public double[] Score { get; } = new double[covariates];

    /// <summary>Row-major covariates × covariates.</summary>
    public double[] Information { get; } = new double[covariates * covariates];

    public void Clear()
    {
        LogLikelihood = 0;
        Array.Clear(Score);
        Array.Clear(Information);
    }

    public bool IsFinite() =>
        double.IsFinite(LogLikelihood) && Array.TrueForAll(Score, double.IsFinite) && Array.TrueForAll(Information, double.IsFinite);

    /// <summary>
    /// Subtracts <paramref name="multiplicity"/> times the log of a risk-set sum and adds the matching moments:
    /// with weights a_g per group (a_g = (n_g − d_g + f·d_g)·exp(η_g)) and D = Σ a_g, p_c = a_c/D for each covariate,
    /// log L −= m·log D, U_c −= m·p_c, I_cc' += m·(δ_cc' p_c − p_c p_c').
    /// </summary>
    public void SubtractRiskSet(ReadOnlySpan<double> weights, ReadOnlySpan<int> covariateOf, double multiplicity)
    {
        var denominator = 0.0;
        foreach (var weight in weights) denominator += weight;
        LogLikelihood -= multiplicity * Math.Log(denominator);
        for (var g = 0; g < weights.Length; g++)
        {
            var c = covariateOf[g];
            if (c < 0) continue;
            var p = weights[g] / denominator;
            Score[c] -= multiplicity * p;
            Information[c * Covariates + c] += multiplicity * p;
            for (var h = 0; h < weights.Length; h++)
            {
                var c2 = covariateOf[h];
                if (c2 >= 0) Information[c * Covariates + c2] -= multiplicity * p * weights[h] / denominator;
            }
        }
    }
}
