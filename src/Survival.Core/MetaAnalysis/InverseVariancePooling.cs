using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.MetaAnalysis;

/// <summary>Pools studies' estimates by inverse-variance weighting, fixed or random effects, as metafor's <c>rma</c>.</summary>
public static class InverseVariancePooling
{
    /// <summary>Pools <paramref name="studies"/> by <paramref name="method"/>.</summary>
    /// <remarks>
    /// With v_i = se_i², τ² = 0 (fixed effect), DerSimonian–Laird's or REML's (<see cref="BetweenStudyVariance"/>),
    /// w_i = 1/(v_i + τ²) and z the normal quantile of the level — metafor's <c>rma(yi, sei = , method = )</c> and
    /// <c>predict()</c> with its default z-test:
    /// <code>
    /// μ̂ = Σ w_i y_i / Σ w_i        se = 1/√Σ w_i        CI μ̂ ± z·se       z = μ̂/se, p = 2Φ(−|z|)
    /// Q = Σ (y_i − μ̂_FE)²/v_i on k − 1 df (Cochran 1954)
    /// s² = (k − 1) Σ(1/v_i) / ((Σ 1/v_i)² − Σ 1/v_i²)           the typical within-study variance
    /// I² = 100 τ²/(τ² + s²), H² = (τ² + s²)/s²                   random effects (Higgins &amp; Thompson 2002)
    /// I² = 100 max(0, (Q − (k − 1))/Q), H² = Q/(k − 1)          fixed effect
    /// prediction interval μ̂ ± z·√(se² + τ²)                     random effects only
    /// </code>
    /// </remarks>
    /// <exception cref="InputRuleException">No study, or an estimate or standard error that is not finite (or not > 0).</exception>
    public static PooledEstimate Pool(IReadOnlyList<StudyEstimate> studies, PoolingMethod method, ConfidenceLevel? level = null)
    {
        ArgumentNullException.ThrowIfNull(studies);
        if (studies.Count == 0) throw new InputRuleException("studies", "must hold at least one study");
        for (var i = 0; i < studies.Count; i++)
        {
            if (!double.IsFinite(studies[i].Estimate)) throw new InputRuleException($"studies[{i}].estimate", "must be a finite number");
            if (!(double.IsFinite(studies[i].StdError) && studies[i].StdError > 0)) throw new InputRuleException($"studies[{i}].std_error", StudyEstimate.StdErrorRequirement);
        }
        if (!Enum.IsDefined(method)) throw new InputRuleException("method", "must be a known pooling method");
        level ??= ConfidenceLevel.Default;

        var y = studies.Select(s => s.Estimate).ToArray();
        var v = studies.Select(s => s.Variance).ToArray();
        var k = y.Length;
        var (tau2, iterations, converged) = method switch
        {
            PoolingMethod.FixedEffect => (0.0, 0, true),
            PoolingMethod.DerSimonianLaird => (k > 1 ? BetweenStudyVariance.DerSimonianLaird(y, v) : 0, 0, true),
            _ => k > 1 ? BetweenStudyVariance.RestrictedMaximumLikelihood(y, v) : (0, 0, true),
        };
        var (estimate, stdError, weights) = Weighted(y, v, tau2);
        var (fixedEstimate, _, _) = Weighted(y, v, 0);
        var q = y.Select((yi, i) => (yi - fixedEstimate) * (yi - fixedEstimate) / v[i]).Sum();
        var z = estimate / stdError;
        var pooled = new PooledEstimate
        {
            Method = method,
            Studies = k,
            Estimate = estimate,
            StdError = stdError,
            Lower = estimate - level.Z * stdError,
            Upper = estimate + level.Z * stdError,
            Z = z,
            PValue = WaldPValue.TwoSided(z),
            Tau2 = tau2,
            Q = q,
            QDegreesOfFreedom = k - 1,
            WeightsPercent = weights,
            Iterations = iterations,
            Converged = converged,
        };
        if (k > 1)
        {
            var (i2, h2) = Heterogeneity(method, q, k, v, tau2);
            pooled = pooled with { QPValue = ChiSquareTest.Of(q, k - 1).PValue, I2 = i2, H2 = h2 };
        }
        if (method == PoolingMethod.FixedEffect) return pooled;
        var spread = level.Z * Math.Sqrt(stdError * stdError + tau2);
        return pooled with { PredictionLower = estimate - spread, PredictionUpper = estimate + spread };
    }

    private static (double Estimate, double StdError, ImmutableArray<double> WeightsPercent) Weighted(double[] y, double[] v, double tau2)
    {
        var w = v.Select(vi => 1 / (vi + tau2)).ToArray();
        var total = w.Sum();
        var estimate = w.Zip(y, (wi, yi) => wi * yi).Sum() / total;
        return (estimate, 1 / Math.Sqrt(total), [.. w.Select(wi => 100 * wi / total)]);
    }

    private static (double I2, double H2) Heterogeneity(PoolingMethod method, double q, int k, double[] v, double tau2)
    {
        if (method == PoolingMethod.FixedEffect) return (q > 0 ? 100 * Math.Max(0, (q - (k - 1)) / q) : 0, q / (k - 1));
        double sw = 0, sw2 = 0;
        foreach (var vi in v) (sw, sw2) = (sw + 1 / vi, sw2 + 1 / (vi * vi));
        var s2 = (k - 1) * sw / (sw * sw - sw2);
        return (100 * tau2 / (tau2 + s2), (tau2 + s2) / s2);
    }
}
