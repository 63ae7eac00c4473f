using MathNet.Numerics.LinearAlgebra;
using Survival.Core.Counting;

namespace Survival.Core.Cox;

/// <summary>
/// The robust (sandwich) variance of a Cox regression with case weights, R's default <c>fit$var</c> when a weight is
/// not whole: I⁻¹ (Σ_i w_i² U_i U_i') I⁻¹ with U_i subject i's score residual (Lin &amp; Wei 1989).
/// </summary>
/// <remarks>
/// With r_i = exp(η_i), at an event time with d tied events, the weighted risk-set sums S₀ = Σ_R w r, S₁ = Σ_R w r x
/// and the tied events' D₀, D₁, Efron's k-th step (f = k/d) has mean x̄_k = (S₁ − f D₁)/(S₀ − f D₀) and hazard
/// increment h_k = ((Σ_D w)/d)/(S₀ − f D₀) (Breslow: one step, f = 0, h = Σ_D w/S₀). Subject i is charged
/// r_i Σ_k c_k h_k (x_i − x̄_k) at every event time while at risk (c_k = 1 − f at its own event, else 1) and credited
/// x_i − (1/d) Σ_k x̄_k at its event; U_i is credit minus charges, as R's <c>residuals(fit, "score")</c>. The charges
/// are running sums over event times, H = Σ h and G = Σ h x̄, so that r_i (x_i H − G) costs O(p) per subject.
/// Therneau &amp; Grambsch (2000, §7.2).
/// </remarks>
internal static class CoxRegressionRobustVariance
{
    /// <param name="sets">The sorted subjects.</param>
    /// <param name="beta">β̂.</param>
    /// <param name="ties">Efron or Breslow.</param>
    /// <param name="naiveVariance">I(β̂)⁻¹, row-major (zero rows and columns for aliased columns).</param>
    public static double[] Compute(CoxRiskSets sets, double[] beta, TieMethod ties, double[] naiveVariance)
    {
        var p = sets.Width;
        var n = sets.Count;
        var eta = new double[n];
        sets.LinearPredictor(beta, eta);
        var meat = new double[p * p];
        var residual = new double[p];
        var starts = sets.StratumStarts;
        for (var s = 0; s + 1 < starts.Length; s++)
        {
            var times = EventTimes(sets, eta, starts[s], starts[s + 1], ties);
            // From the earliest time: the running charges through each event time, then each subject's residual.
            var h = 0.0;
            var g = new double[p];
            var next = times.Count - 1;
            var position = starts[s + 1] - 1;
            while (position >= starts[s])
            {
                var t = sets.Time[position];
                EventTime? atT = null;
                if (next >= 0 && times[next].Time == t)
                {
                    atT = times[next--];
                    h += atT.H;
                    for (var c = 0; c < p; c++) g[c] += atT.G[c];
                }
                for (; position >= starts[s] && sets.Time[position] == t; position--)
                {
                    var x = sets.Row(position);
                    var r = Math.Exp(eta[position]);
                    for (var c = 0; c < p; c++) residual[c] = -r * (x[c] * h - g[c]);
                    if (sets.Event[position])
                    {
                        // The own event's step replaces this time's full charge, and the event is credited.
                        for (var c = 0; c < p; c++)
                            residual[c] += r * (x[c] * atT!.H - atT.G[c]) - r * (x[c] * atT.OwnH - atT.OwnG[c]) + x[c] - atT.Mean[c];
                    }
                    var w2 = sets.Weight[position] * sets.Weight[position];
                    for (var a = 0; a < p; a++)
                        for (var b = 0; b < p; b++) meat[a * p + b] += w2 * residual[a] * residual[b];
                }
            }
        }
        var bread = Matrix<double>.Build.DenseOfRowMajor(p, p, naiveVariance);
        return (bread * Matrix<double>.Build.DenseOfRowMajor(p, p, meat) * bread).ToRowMajorArray();
    }

    /// <summary>One event time's increments: H = Σ h_k, G = Σ h_k x̄_k, the own event's (1 − f) versions, and (1/d) Σ x̄_k.</summary>
    private sealed record EventTime(double Time, double H, double[] G, double OwnH, double[] OwnG, double[] Mean);

    /// <summary>The stratum's event times, from the latest to the earliest (the sorted order).</summary>
    private static List<EventTime> EventTimes(CoxRiskSets sets, double[] eta, int start, int end, TieMethod ties)
    {
        var p = sets.Width;
        var result = new List<EventTime>();
        var s0 = 0.0;
        var s1 = new double[p];
        var position = start;
        while (position < end)
        {
            var t = sets.Time[position];
            double d0 = 0, deathWeight = 0;
            var d1 = new double[p];
            var deaths = 0;
            for (; position < end && sets.Time[position] == t; position++)
            {
                var wr = sets.Weight[position] * Math.Exp(eta[position]);
                var x = sets.Row(position);
                s0 += wr;
                for (var c = 0; c < p; c++) s1[c] += wr * x[c];
                if (!sets.Event[position]) continue;
                deaths++;
                deathWeight += sets.Weight[position];
                d0 += wr;
                for (var c = 0; c < p; c++) d1[c] += wr * x[c];
            }
            if (deaths == 0) continue;
            var steps = ties == TieMethod.Breslow ? 1 : deaths;
            var stepWeight = deathWeight / steps;
            double h = 0, ownH = 0;
            double[] g = new double[p], ownG = new double[p], mean = new double[p];
            for (var k = 0; k < steps; k++)
            {
                var f = ties == TieMethod.Breslow ? 0 : (double)k / steps;
                var denominator = s0 - f * d0;
                var hk = stepWeight / denominator;
                h += hk;
                ownH += (1 - f) * hk;
                for (var c = 0; c < p; c++)
                {
                    var xbar = (s1[c] - f * d1[c]) / denominator;
                    g[c] += hk * xbar;
                    ownG[c] += (1 - f) * hk * xbar;
                    mean[c] += xbar / steps;
                }
            }
            result.Add(new EventTime(t, h, g, ownH, ownG, mean));
        }
        return result;
    }
}
