using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>The restricted mean survival time (RMST): the area under the Kaplan–Meier curve up to τ.</summary>
public static class RestrictedMeanSurvivalTime
{
    /// <summary>Estimates the RMST up to <paramref name="tau"/>.</summary>
    /// <remarks>
    /// <code>
    /// RMST(τ)      = ∫₀^τ S(t) dt   (S = 1 before the first time, extended at its last value past the last time)
    /// Var RMST(τ)  = Σ_{event times t_j ≤ τ} A_j² d_j / (n_j (n_j − d_j)),   A_j = ∫_{t_j}^τ S(t) dt
    /// </code>
    /// the Greenwood-type variance of Klein &amp; Moeschberger (2003, §4.5) that R's <c>print(fit, rmean = τ)</c> reports.
    /// A term with n_j = d_j has A_j = 0 (the curve is 0 from t_j on) and adds nothing. The interval is
    /// RMST ± z·se, as SAS PROC LIFETEST and R's survRM2 give it. With case weights n_j and d_j are the weighted sums and
    /// the variance keeps this Greenwood form whatever the weights, as R's <c>print(fit, rmean = τ)</c> computes it. Where τ precedes the first observed time the
    /// RMST is τ with standard error 0 (R declines to compute this case).
    /// </remarks>
    public static RmstEstimate Estimate(KaplanMeierCurve curve, double tau, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (!InputRules.IsTau(tau))
            throw new InputRuleException("rmst_tau", InputRules.TauRequirement);

        // rows[0..m) are the curve rows strictly before τ; segment j runs from times[j] to the next row or τ.
        var times = curve.Times.AsSpan();
        var m = times.BinarySearch(tau);
        m = m >= 0 ? m : ~m;

        var areaAfter = 0.0;
        var variance = 0.0;
        for (var j = m - 1; j >= 0; j--)
        {
            var end = j + 1 < m ? times[j + 1] : tau;
            areaAfter += curve.Survival[j] * (end - times[j]);
            double n = curve.Weighted ? curve.WeightedAtRisk[j] : curve.AtRisk[j], d = curve.Weighted ? curve.WeightedEvents[j] : curve.Events[j];
            if (d > 0 && n > d) variance += areaAfter * areaAfter * d / (n * (n - d));
        }
        var estimate = areaAfter + (m > 0 ? times[0] : tau);
        var stdError = Math.Sqrt(variance);
        return new RmstEstimate(tau, estimate, stdError, estimate - level.Z * stdError, estimate + level.Z * stdError);
    }
}
