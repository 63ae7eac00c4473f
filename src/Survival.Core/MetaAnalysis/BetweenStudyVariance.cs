namespace Survival.Core.MetaAnalysis;

/// <summary>Estimates of the between-study variance τ² of the random-effects model y_i ~ N(μ, v_i + τ²).</summary>
internal static class BetweenStudyVariance
{
    /// <summary>DerSimonian &amp; Laird (1986): τ² = max(0, (Q − (k − 1)) / (Σw − Σw²/Σw)), w_i = 1/v_i.</summary>
    public static double DerSimonianLaird(IReadOnlyList<double> y, IReadOnlyList<double> v)
    {
        double sw = 0, sw2 = 0, swy = 0;
        for (var i = 0; i < y.Count; i++)
        {
            var w = 1 / v[i];
            (sw, sw2, swy) = (sw + w, sw2 + w * w, swy + w * y[i]);
        }
        var mu = swy / sw;
        var q = 0.0;
        for (var i = 0; i < y.Count; i++) q += (y[i] - mu) * (y[i] - mu) / v[i];
        return Math.Max(0, (q - (y.Count - 1)) / (sw - sw2 / sw));
    }

    /// <summary>Hedges' (1983) moment estimate, metafor's starting value for REML: (Σ(y_i − ȳ)² − (k − 1)/k · Σ v_i)/(k − 1).</summary>
    public static double Hedges(IReadOnlyList<double> y, IReadOnlyList<double> v)
    {
        var k = y.Count;
        var mean = y.Average();
        var rss = y.Sum(yi => (yi - mean) * (yi - mean));
        return (rss - v.Sum() * (k - 1) / k) / (k - 1);
    }

    /// <summary>
    /// The restricted maximum-likelihood τ² on [0, ∞), by Fisher scoring exactly as metafor's <c>rma(method = "REML")</c>
    /// runs it, so that its printed numbers are reproduced.
    /// </summary>
    /// <remarks>
    /// Harville (1977); Viechtbauer (2005), metafor's algorithm. With w_i = 1/(v_i + τ²), S = Σ w_i, μ̂ = Σ w_i y_i / S and
    /// P = W − ww'/S:
    /// <code>
    /// ℓ_R(τ²) = −½ [Σ ln(v_i + τ²) + ln S + Σ w_i (y_i − μ̂)²]           (up to a constant)
    /// y'PPy = Σ w_i² (y_i − μ̂)²,  tr P = S − Σ w_i²/S,  tr PP = Σ w_i² − 2 Σ w_i³/S + (Σ w_i²)²/S²
    /// τ² ← τ² + (y'PPy − tr P)/tr PP     (the step halved while it would make τ² negative)
    /// </code>
    /// from max(0, Hedges' estimate), until a step moves τ² by at most 10⁻⁵ (metafor's <c>threshold</c>), at most 100
    /// steps. A fit that ends with a lower likelihood than τ² = 0 (by more than ε^¼) is set to 0, as metafor's check
    /// for a local maximum does. The stopping rule leaves τ² within about 10⁻⁵ of the likelihood's exact maximum: the
    /// reference users compare with is metafor's printed fit, which this reproduces.
    /// </remarks>
    public static (double Tau2, int Iterations, bool Converged) RestrictedMaximumLikelihood(IReadOnlyList<double> y, IReadOnlyList<double> v)
    {
        const double threshold = 1e-5;
        const int maxIterations = 100;
        var tau2 = Math.Max(0, Hedges(y, v));
        var (change, iterations) = (threshold + 1, 0);
        while (change > threshold)
        {
            iterations++;
            var (score, information) = ScoreAndInformation(y, v, tau2);
            var step = score / information;
            while (tau2 + step < 0) step /= 2;
            var next = tau2 + step;
            change = Math.Abs(next - tau2);
            tau2 = next;
            if (iterations > maxIterations) return (tau2, iterations, false);
        }
        var localMaximum = RestrictedLogLikelihood(y, v, 0) - RestrictedLogLikelihood(y, v, tau2) > Math.Pow(2, -52 / 4.0) && tau2 > threshold;
        return (localMaximum ? 0 : tau2, iterations, true);
    }

    private static (double Score, double Information) ScoreAndInformation(IReadOnlyList<double> y, IReadOnlyList<double> v, double tau2)
    {
        double s = 0, s2 = 0, s3 = 0, sy = 0;
        for (var i = 0; i < y.Count; i++)
        {
            var w = 1 / (v[i] + tau2);
            (s, s2, s3, sy) = (s + w, s2 + w * w, s3 + w * w * w, sy + w * y[i]);
        }
        var mu = sy / s;
        var ypp = 0.0;
        for (var i = 0; i < y.Count; i++)
        {
            var r = (y[i] - mu) / (v[i] + tau2);
            ypp += r * r;
        }
        var traceP = s - s2 / s;
        var tracePP = s2 - 2 * s3 / s + s2 * s2 / (s * s);
        return (ypp - traceP, tracePP);
    }

    private static double RestrictedLogLikelihood(IReadOnlyList<double> y, IReadOnlyList<double> v, double tau2)
    {
        double s = 0, sy = 0, logs = 0;
        for (var i = 0; i < y.Count; i++)
        {
            var w = 1 / (v[i] + tau2);
            (s, sy, logs) = (s + w, sy + w * y[i], logs + Math.Log(v[i] + tau2));
        }
        var mu = sy / s;
        var rss = 0.0;
        for (var i = 0; i < y.Count; i++) rss += (y[i] - mu) * (y[i] - mu) / (v[i] + tau2);
        return -0.5 * (logs + Math.Log(s) + rss);
    }
}
