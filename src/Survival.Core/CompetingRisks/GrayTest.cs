using System.Collections.Immutable;
using Survival.Core.Counting;
using Survival.Core.Inference;
using Survival.Core.Numerics;

namespace Survival.Core.CompetingRisks;

/// <summary>
/// Gray's K-sample test of equal cumulative incidence of one competing cause across groups (Gray 1988), with ρ = 0,
/// as cmprsk's <c>cuminc(ftime, fstatus, group)$Tests</c> and, stratified, <c>cuminc(..., strata = )</c>.
/// </summary>
/// <remarks>
/// Within a stratum, at each time t with an event, group k has Y_k at risk, d_k1 events of the cause and d_k2 of
/// the others, all-cause Kaplan–Meier S_k and cumulative incidence F_k of the cause (left limits S_k⁻, F_k⁻).
/// With h_k = Y_k/S_k⁻, R_k = h_k(1 − F_k⁻), h. = Σ h_k, R. = Σ R_k and d.1 = Σ d_k1, the pooled incidence under
/// the null is F₀(t) = F₀(t⁻) + d.1/h., and the score of group k is the observed minus expected events on the
/// subdistribution risk sets, z_k = Σ_t [d_k1 − d.1 R_k/R.]. Its variance is Gray's martingale estimate: with
/// a_ij(t) = h_i(δ_ij − h_j/h.) and c_ij(t) = Σ_{u≤t} a_ij(u) ΔF₀(u)/(1 − F₀(u⁻)) (C_ij = c_ij at the last time),
/// <code>
/// V_ij = Σ_k Σ_t [a_ik + q_k (C_ik − c_ik)] [a_jk + q_k (C_jk − c_jk)] τ_k ΔF₀ / h_k           (events of the cause)
///      + Σ_k Σ_t r_k² (C_ik − c_ik)(C_jk − c_jk) τ'_k S_k⁻² d_k2 / Y_k²                       (events of other causes)
/// </code>
/// where q_k = 1 − (1 − F₀(t))/S_k(t) (1 once S_k(t) = 0), r_k = (1 − F₀(t))/S_k(t), and the factors for tied
/// events are τ_k = 1 − (d.1 − 1)/(h. S_k⁻ − 1) and τ'_k = 1 − (d_k2 − 1)/(Y_k − 1) (1 without ties). Strata add
/// their scores and variances. The statistic z'V⁻¹z on the first K − 1 groups is χ² with K − 1 degrees of freedom.
/// Times are used as given (cmprsk does not merge near-equal times).
/// Reference: Gray RJ (1988), A class of K-sample tests for comparing the cumulative incidence of a competing risk,
/// Annals of Statistics 16:1141–1154.
/// </remarks>
public static class GrayTest
{
    internal const string NoEventsReason = "no event of this cause";
    internal const string SingularReason = "the variance matrix of the scores is singular";

    /// <summary>The test of every cause of the table, in cause order; within strata when <paramref name="stratified"/>.</summary>
    /// <exception cref="InputRuleException">The table has no causes or fewer than two groups.</exception>
    public static ImmutableArray<GrayTestResult> Test(CountingTable counts, bool stratified)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.CauseCount == 0) throw new InputRuleException("causes", "must name at least one competing cause");
        if (counts.GroupCount < 2) throw new InputRuleException("groups", InputRules.GroupCountRequirement);
        if (counts.Weighted || HasEntries(counts))
        {
            var rule = CombinationRules.GrayTestWithEntryOrWeights.Requirement;
            return [.. counts.Causes.Select(cause => new GrayTestResult(cause, ChiSquareTest.NotEstimable(counts.GroupCount - 1, rule)))];
        }
        return [.. Enumerable.Range(0, counts.CauseCount).Select(cause => Test(counts, cause, stratified))];
    }

    private static bool HasEntries(CountingTable counts)
    {
        for (var s = 0; s < counts.StratumCount; s++)
            for (var g = 0; g < counts.GroupCount; g++)
                if (counts.Cell(s, g).Entered.Any(e => e > 0)) return true;
        return false;
    }

    private static GrayTestResult Test(CountingTable counts, int cause, bool stratified)
    {
        var groups = counts.GroupCount;
        var m = groups - 1;
        var score = new double[m];
        var variance = new double[m * m];
        var events = 0L;
        var strata = stratified ? counts.StratumCount : 1;
        for (var s = 0; s < strata; s++)
        {
            var all = new EventTable[groups];
            var ofCause = new EventTable[groups];
            for (var g = 0; g < groups; g++)
            {
                all[g] = stratified ? counts.Cell(s, g) : counts.GroupTable(g);
                ofCause[g] = stratified ? counts.CauseCell(s, g, cause) : counts.GroupCauseTable(g, cause);
                foreach (var e in ofCause[g].Events) events += e;
            }
            new Stratum(all, ofCause).AddTo(score, variance);
        }
        var label = counts.Causes[cause];
        if (events == 0) return new GrayTestResult(label, ChiSquareTest.NotEstimable(m, NoEventsReason));
        var statistic = PositiveDefinite.InverseQuadraticForm(variance, score);
        return new GrayTestResult(label, statistic is { } x ? ChiSquareTest.Of(x, m) : ChiSquareTest.NotEstimable(m, SingularReason));
    }

    /// <summary>One stratum's walk over its event times; the groups' rows are merged by time as it goes.</summary>
    private sealed class Stratum(EventTable[] all, EventTable[] ofCause)
    {
        private readonly int _groups = all.Length;
        private readonly int[] _row = new int[all.Length];

        public void AddTo(double[] score, double[] variance)
        {
            var k = _groups;
            var m = k - 1;
            double[] survivalBefore = Ones(k), incidenceBefore = new double[k], survival = Ones(k);
            double[] atRisk = new double[k], cause = new double[k], other = new double[k], h = new double[k];
            var a = new double[k * k];
            var c = new double[k * k];
            // Running sums of the expansion [x + q(C − c)][y + q(C − c)] with x, y = a − q c, so that C enters at the end.
            var v3 = new double[k];
            var v2 = new double[m * k];
            var v = new double[m * m];
            double pooledBefore = 0;
            while (NextTime() is { } time)
            {
                double dCause = 0, dOther = 0, hSum = 0, rSum = 0;
                for (var g = 0; g < k; g++)
                {
                    atRisk[g] = cause[g] = other[g] = h[g] = 0;
                    var row = _row[g];
                    if (row >= all[g].Count) continue;
                    atRisk[g] = all[g].AtRisk[row];
                    if (all[g].Times[row] == time)
                    {
                        cause[g] = ofCause[g].Events[row];
                        other[g] = all[g].Events[row] - cause[g];
                        _row[g]++;
                    }
                    dCause += cause[g];
                    dOther += other[g];
                }
                if (dCause + dOther == 0) continue;
                for (var g = 0; g < k; g++)
                {
                    if (atRisk[g] <= 0) continue;
                    survival[g] = survivalBefore[g] * (atRisk[g] - cause[g] - other[g]) / atRisk[g];
                    h[g] = atRisk[g] / survivalBefore[g];
                    hSum += h[g];
                    rSum += h[g] * (1 - incidenceBefore[g]);
                }
                var pooled = pooledBefore + dCause / hSum;
                var hazard = dCause / (hSum * (1 - pooledBefore));
                for (var i = 0; i < k; i++)
                {
                    for (var j = 0; j < k; j++)
                    {
                        a[i * k + j] = atRisk[i] > 0 && atRisk[j] > 0 ? h[i] * ((i == j ? 1 : 0) - h[j] / hSum) : 0;
                        c[i * k + j] += a[i * k + j] * hazard;
                    }
                }
                for (var i = 0; i < m; i++)
                {
                    if (atRisk[i] > 0) score[i] += cause[i] - dCause * h[i] * (1 - incidenceBefore[i]) / rSum;
                }
                for (var g = 0; g < k; g++)
                {
                    if (dCause > 0 && atRisk[g] > 0)
                    {
                        var q = survival[g] > 0 ? 1 - (1 - pooled) / survival[g] : 1;
                        var ties = dCause > 1 ? 1 - (dCause - 1) / (hSum * survivalBefore[g] - 1) : 1;
                        Add(g, q, ties * dCause / (hSum * h[g]), withA: true);
                    }
                    if (other[g] > 0 && survival[g] > 0)
                    {
                        var r = (1 - pooled) / survival[g];
                        var ties = other[g] > 1 ? 1 - (other[g] - 1) / (atRisk[g] - 1) : 1;
                        var share = survivalBefore[g] / atRisk[g];
                        Add(g, r, ties * share * share * other[g], withA: false);
                    }
                }
                for (var g = 0; g < k; g++)
                {
                    if (atRisk[g] <= 0) continue;
                    incidenceBefore[g] += survivalBefore[g] * cause[g] / atRisk[g];
                    survivalBefore[g] = survival[g];
                }
                pooledBefore = pooled;
            }
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    var sum = v[i * m + j];
                    for (var g = 0; g < k; g++)
                        sum += c[i * k + g] * c[j * k + g] * v3[g] + c[i * k + g] * v2[j * k + g] + c[j * k + g] * v2[i * k + g];
                    variance[i * m + j] += sum;
                }
            }

            // One variance term of group g: coefficient x_i = [a_ig] + q (C_ig − c_ig), weight w.
            void Add(int g, double q, double w, bool withA)
            {
                v3[g] += q * q * w;
                for (var i = 0; i < m; i++)
                {
                    var xi = (withA ? a[i * k + g] : 0) - q * c[i * k + g];
                    v2[i * k + g] += xi * q * w;
                    for (var j = 0; j < m; j++) v[i * m + j] += xi * ((withA ? a[j * k + g] : 0) - q * c[j * k + g]) * w;
                }
            }
        }

        /// <summary>The next time at which any group has a row, or null when every group is done.</summary>
        private double? NextTime()
        {
            double? next = null;
            for (var g = 0; g < _groups; g++)
            {
                if (_row[g] < all[g].Count && (next is null || all[g].Times[_row[g]] < next)) next = all[g].Times[_row[g]];
            }
            return next;
        }

        private static double[] Ones(int length)
        {
            var ones = new double[length];
            Array.Fill(ones, 1.0);
            return ones;
        }
    }
}

/// <summary>Gray's test for one cause.</summary>
/// <param name="Cause">The cause label.</param>
/// <param name="Test">The χ² statistic on K − 1 degrees of freedom and its p-value; not estimable with a reason.</param>
public sealed record GrayTestResult(string Cause, ChiSquareTest Test);
