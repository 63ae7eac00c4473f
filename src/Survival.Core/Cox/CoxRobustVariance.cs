using MathNet.Numerics.LinearAlgebra;
using Survival.Core.Counting;

namespace Survival.Core.Cox;

/// <summary>
/// The robust (sandwich) variance of the group-factor Cox model with case weights, R's default <c>fit$var</c> when a
/// weight is not whole, from the counting table's cells.
/// </summary>
/// <remarks>
/// Lin &amp; Wei (1989); Therneau &amp; Grambsch (2000, §7.2). With I the information at β̂ and U_i subject i's score
/// residual, V = I⁻¹ (Σ_i w_i² U_i U_i') I⁻¹, which is R's <c>t(D) %*% D</c> for <c>D = residuals(fit, "dfbeta",
/// weighted = TRUE)</c>. With x_g the indicator vector of group g, r_g = exp(η_g), and at an event time with d tied
/// events, weighted sums n_g (at risk) and d_g (events), Efron's k-th step (f_k = k/d, k = 0 … d − 1) has denominator
/// D_k = Σ_g (n_g − f_k d_g) r_g, mean x̄_k = Σ_g (n_g − f_k d_g) r_g x_g / D_k and hazard increment
/// h_k = (Σ_g d_g / d)/D_k (Breslow: the single step f = 0 with h = Σ_g d_g / D). A subject of group g is charged
/// r_g Σ_k c_k h_k (x_g − x̄_k) at every event time while at risk, with c_k = 1 − f_k at the time of its own event and
/// 1 otherwise, and credited x_g − (1/d) Σ_k x̄_k at its event (Breslow: x_g − x̄). The residual is credit minus
/// charges, which is the same for every subject of a cell who leaves at the same time the same way; so the sum runs
/// over the cells' rows with Σ w² of their events and of their censorings.
/// </remarks>
internal static class CoxRobustVariance
{
    /// <summary>V for the covariates of <paramref name="covariateOf"/> at risk scores <paramref name="risk"/>.</summary>
    /// <param name="table">The risk sets, with their cells.</param>
    /// <param name="covariateOf">The covariate of each group; −1 for the reference group and groups left out.</param>
    /// <param name="risk">r_g = exp(η_g) at β̂ (any centring: the residuals do not depend on it).</param>
    /// <param name="ties">Efron or Breslow.</param>
    /// <param name="naiveVariance">I(β̂)⁻¹, row-major.</param>
    public static double[] Compute(RiskSets table, int[] covariateOf, ReadOnlySpan<double> risk, TieMethod ties, double[] naiveVariance)
    {
        var k = table.GroupCount;
        var m = naiveVariance.Length == 0 ? 0 : (int)Math.Round(Math.Sqrt(naiveVariance.Length));
        var meat = new double[m * m];
        var charged = new double[k * m];
        var atTime = new double[k * m];
        var ownEvent = new double[k * m];
        var credit = new double[m];
        var residual = new double[m];
        for (var s = 0; s < table.StratumCount; s++)
        {
            Array.Clear(charged);
            var cells = table.Cells.AsSpan(s * k, k);
            var next = new int[k];
            var eventRow = table.StratumStarts[s];
            while (true)
            {
                var time = double.PositiveInfinity;
                for (var g = 0; g < k; g++) if (next[g] < cells[g].Count) time = Math.Min(time, cells[g].Times[next[g]]);
                if (double.IsPositiveInfinity(time)) break;

                var isEventTime = eventRow < table.StratumStarts[s + 1] && table.Times[eventRow] == time;
                if (isEventTime)
                {
                    EventTime(table, eventRow++, covariateOf, risk, ties, atTime, ownEvent, credit);
                    for (var a = 0; a < charged.Length; a++) charged[a] += atTime[a];
                }
                for (var g = 0; g < k; g++)
                {
                    var cell = cells[g];
                    if (next[g] >= cell.Count || cell.Times[next[g]] != time) continue;
                    var row = next[g]++;
                    var weights = cell.Weights!;
                    // Censored now: charged through this time.
                    for (var c = 0; c < m; c++) residual[c] = -charged[g * m + c];
                    AddOuter(meat, residual, weights.CensoredSquares[row]);
                    if (!isEventTime || weights.EventSquares[row] == 0) continue;
                    // An event now: this time's charge is the event's own, plus the credit.
                    for (var c = 0; c < m; c++)
                        residual[c] = (covariateOf[g] == c ? 1 : 0) - credit[c] - (charged[g * m + c] - atTime[g * m + c]) - ownEvent[g * m + c];
                    AddOuter(meat, residual, weights.EventSquares[row]);
                }
            }
        }
        return Sandwich(naiveVariance, meat, m);
    }

    /// <summary>One event time's charge per group to those at risk, to its own events, and the credit's mean.</summary>
    private static void EventTime(
        RiskSets table, int row, int[] covariateOf, ReadOnlySpan<double> risk, TieMethod ties,
        double[] atTime, double[] ownEvent, double[] credit)
    {
        var k = table.GroupCount;
        var m = credit.Length;
        var atRisk = table.CoxAtRisk.AsSpan(row * k, k);
        var deaths = table.CoxDeaths.AsSpan(row * k, k);
        double total = 0, tied = 0, deathWeight = 0;
        for (var g = 0; g < k; g++)
        {
            total += atRisk[g] * risk[g];
            tied += deaths[g] * risk[g];
            deathWeight += deaths[g];
        }
        var steps = ties == TieMethod.Breslow ? 1 : table.TotalDeaths[row];
        var stepWeight = ties == TieMethod.Breslow ? deathWeight : deathWeight / steps;
        // h0 = Σ h_k, h1 = Σ h_k/D_k, h2 = Σ f h_k/D_k; the same with (1 − f) for a subject's own event; the mean x̄.
        double h0 = 0, h1 = 0, h2 = 0, o0 = 0, o1 = 0, o2 = 0, x1 = 0, x2 = 0;
        for (var step = 0; step < steps; step++)
        {
            var f = ties == TieMethod.Breslow ? 0 : (double)step / steps;
            var denominator = total - f * tied;
            var h = stepWeight / denominator;
            h0 += h;
            h1 += h / denominator;
            h2 += f * h / denominator;
            o0 += (1 - f) * h;
            o1 += (1 - f) * h / denominator;
            o2 += (1 - f) * f * h / denominator;
            x1 += 1 / denominator / steps;
            x2 += f / denominator / steps;
        }
        Array.Clear(credit);
        for (var g = 0; g < k; g++)
        {
            if (covariateOf[g] is var c and >= 0) credit[c] = risk[g] * (atRisk[g] * x1 - deaths[g] * x2);
        }
        for (var g = 0; g < k; g++)
        {
            for (var h = 0; h < k; h++)
            {
                if (covariateOf[h] is not (var c and >= 0)) continue;
                var share = risk[h] * (atRisk[h] * h1 - deaths[h] * h2);
                var ownShare = risk[h] * (atRisk[h] * o1 - deaths[h] * o2);
                atTime[g * m + c] = risk[g] * ((g == h ? h0 : 0) - share);
                ownEvent[g * m + c] = risk[g] * ((g == h ? o0 : 0) - ownShare);
            }
        }
    }

    private static void AddOuter(double[] meat, double[] vector, double weight)
    {
        if (weight == 0) return;
        var m = vector.Length;
        for (var a = 0; a < m; a++)
            for (var b = 0; b < m; b++) meat[a * m + b] += weight * vector[a] * vector[b];
    }

    private static double[] Sandwich(double[] bread, double[] meat, int m)
    {
        var b = Matrix<double>.Build.DenseOfRowMajor(m, m, bread);
        return (b * Matrix<double>.Build.DenseOfRowMajor(m, m, meat) * b).ToRowMajorArray();
    }
}
