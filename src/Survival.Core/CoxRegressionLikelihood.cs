using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Survival.Core;

/// <summary>
/// The Cox partial log-likelihood of a design matrix, its score and information, by one sweep over each stratum's
/// subjects from the latest time to the earliest.
/// </summary>
/// <remarks>
/// With r_i = exp(η_i), at an event time t with d events D among the risk set R(t) = {i : entryᵢ &lt; t ≤ timeᵢ}:
/// S₀ = Σ_R r, S₁ = Σ_R r·x, S₂ = Σ_R r·xx', and the same sums over D alone (D₀, D₁, D₂).
/// Breslow (1974): log L += Σ_D η − d log S₀, U += Σ_D x − d S₁/S₀, I += d (S₂/S₀ − (S₁/S₀)(S₁/S₀)').
/// Efron (1977): for k = 0 … d − 1 with f = k/d, the denominator S₀ − f D₀ and mean (S₁ − f D₁)/(S₀ − f D₀):
/// log L −= log(S₀ − f D₀), U −= mean, I += (S₂ − f D₂)/(S₀ − f D₀) − mean·mean', summed in closed form by
/// <see cref="EfronDenominatorSums"/>.
/// Exact (Cox 1972; Gail, Lubin &amp; Rubinstein 1981): log L += Σ_D η − log Σ_{|S| = d, S ⊆ R} Π_S r, the sum over
/// subsets by the recursion B(m, j) = B(m − 1, j) + r_m B(m − 1, j − 1) with its first and second derivatives.
/// (Therneau &amp; Grambsch 2000, section 3.3.) With case weights w (R's coxfit6.c) every sum is weighted (r becomes w·r,
/// Σ_D η becomes Σ_D w·η); Breslow's term is taken Σ_D w times, and each of Efron's d steps counts with the mean weight
/// (Σ_D w)/d. The exact likelihood takes no weights, as in R. The sweep adds each subject once, at its time, with one outer
/// product, computing η and exp(η) as it goes; with delayed entry (Andersen &amp; Gill 1982, R's
/// <c>Surv(entry, time, status)</c>) it subtracts a subject once the time reaches its entry, and restarts the sums
/// from zero whenever the risk set empties, so that no rounding is carried past it.
/// </remarks>
internal sealed class CoxRegressionLikelihood : ICoxLikelihood
{
    private readonly CoxRiskSets _sets;
    private readonly TieMethod _ties;
    private readonly double[] _risk;
    private readonly double[] _s1, _s2, _d1, _d2, _eventX, _mean;
    private Action<double, PartialLikelihood>? _perEventTime;
    private PartialLikelihood? _scratch;

    public CoxRegressionLikelihood(CoxRiskSets sets, TieMethod ties)
    {
        _sets = sets;
        _ties = ties;
        var p = sets.Width;
        _risk = new double[sets.Count];
        _s1 = new double[p];
        _s2 = new double[p * p];
        _d1 = new double[p];
        _d2 = new double[p * p];
        _eventX = new double[p];
        _mean = new double[p];
    }

    public CoxRiskSets Sets => _sets;

    public int Width => _sets.Width;

    void ICoxLikelihood.Evaluate(double[] beta, PartialLikelihood into) => Evaluate(beta, into);

    /// <summary>log L, U and I at <paramref name="beta"/>.</summary>
    /// <param name="beta">The coefficients.</param>
    /// <param name="into">Receives the sums.</param>
    /// <param name="perEventTime">When given, receives each event time's own contribution (time, U_t, I_t) before it is added.</param>
    public void Evaluate(double[] beta, PartialLikelihood into, Action<double, PartialLikelihood>? perEventTime = null)
    {
        into.Clear();
        _perEventTime = perEventTime;
        _scratch ??= perEventTime is null ? null : new PartialLikelihood(_sets.Width);
        var starts = _sets.StratumStarts;
        for (var s = 0; s + 1 < starts.Length; s++) EvaluateStratum(beta, starts[s], starts[s + 1], into);
        MirrorLowerTriangle(into.Information, _sets.Width);
    }

    private void EvaluateStratum(double[] beta, int start, int end, PartialLikelihood total)
    {
        var p = _sets.Width;
        var time = _sets.Time;
        var events = _sets.Event;
        var entry = _sets.Entry;
        var byEntry = _sets.ByEntry;
        var weight = _sets.Weight;
        var into = _perEventTime is null ? total : _scratch!;
        var s0 = 0.0;
        Array.Clear(_s1);
        Array.Clear(_s2);
        var atRisk = 0;
        var nextEntry = start;
        var position = start;
        while (position < end)
        {
            var t = time[position];
            if (entry is not null)
            {
                // Subjects whose entry is at or after t left the risk set (they were added at their later times).
                for (; nextEntry < end && entry[byEntry![nextEntry]] >= t; nextEntry++)
                {
                    var leaving = byEntry[nextEntry];
                    if (leaving >= position) continue;
                    var leavingRisk = weight[leaving] * _risk[leaving];
                    s0 -= leavingRisk;
                    Accumulate(_sets.Row(leaving), -leavingRisk, _s1, _s2, p);
                    if (--atRisk > 0) continue;
                    s0 = 0;
                    Array.Clear(_s1);
                    Array.Clear(_s2);
                }
            }

            var deaths = 0;
            double d0 = 0, deathWeight = 0;
            var eventEta = 0.0;
            Array.Clear(_d1);
            Array.Clear(_d2);
            Array.Clear(_eventX);
            var groupStart = position;
            for (; position < end && time[position] == t; position++)
            {
                var x = _sets.Row(position);
                var eta = 0.0;
                for (var c = 0; c < p; c++) eta += x[c] * beta[c];
                // The exact likelihood reads exp(η) unweighted; the sums take w·exp(η).
                _risk[position] = Math.Exp(eta);
                var w = weight[position];
                var r = w * _risk[position];
                if (!events[position])
                {
                    s0 += r;
                    Accumulate(x, r, _s1, _s2, p);
                    continue;
                }
                deaths++;
                deathWeight += w;
                d0 += r;
                eventEta += w * eta;
                Accumulate(x, r, _d1, _d2, p);
                for (var c = 0; c < p; c++) _eventX[c] += w * x[c];
            }
            atRisk += position - groupStart;
            if (deaths == 0) continue;
            s0 += d0;
            for (var a = 0; a < p; a++)
            {
                _s1[a] += _d1[a];
                for (var b = a * p; b <= a * p + a; b++) _s2[b] += _d2[b];
            }

            if (_perEventTime is not null) into.Clear();
            for (var c = 0; c < p; c++) into.Score[c] += _eventX[c];
            var logLikelihood = eventEta;
            switch (_ties)
            {
                case TieMethod.Breslow:
                    logLikelihood -= deathWeight * Math.Log(s0);
                    AddBreslow(s0, deathWeight, into);
                    break;
                case TieMethod.Efron:
                    // R's weighted Efron: each step counts with the mean weight of the tied events (1 without weights).
                    var sums = EfronDenominatorSums.Compute(s0, d0, deaths);
                    var meanWeight = deathWeight / deaths;
                    logLikelihood -= meanWeight * sums.LogSum;
                    AddEfron(sums, meanWeight, into);
                    break;
                case TieMethod.Exact:
                    logLikelihood -= ExactTerm(start, position, t, deaths, into);
                    break;
            }
            into.LogLikelihood += logLikelihood;
            if (_perEventTime is not null) AddEventTime(t, into, total);
        }
    }

    private void AddEventTime(double time, PartialLikelihood contribution, PartialLikelihood total)
    {
        MirrorLowerTriangle(contribution.Information, _sets.Width);
        _perEventTime!(time, contribution);
        total.LogLikelihood += contribution.LogLikelihood;
        for (var a = 0; a < contribution.Score.Length; a++) total.Score[a] += contribution.Score[a];
        for (var a = 0; a < contribution.Information.Length; a++) total.Information[a] += contribution.Information[a];
    }

    /// <summary>sum1 += r·x, and the lower triangle of sum2 += r·xx'.</summary>
    /// <remarks>
    /// The innermost loop of the fit (p(p + 1)/2 products per subject and evaluation), written on references so that
    /// no bound is checked: <paramref name="x"/> and <paramref name="sum1"/> have p elements, <paramref name="sum2"/> p².
    /// </remarks>
    private static void Accumulate(ReadOnlySpan<double> x, double r, double[] sum1, double[] sum2, int p)
    {
        ref var first = ref MemoryMarshal.GetArrayDataReference(sum1);
        ref var second = ref MemoryMarshal.GetArrayDataReference(sum2);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        for (var a = 0; a < p; a++)
        {
            var rx = r * Unsafe.Add(ref x0, a);
            Unsafe.Add(ref first, a) += rx;
            ref var row = ref Unsafe.Add(ref second, a * p);
            for (var b = 0; b <= a; b++) Unsafe.Add(ref row, b) += rx * Unsafe.Add(ref x0, b);
        }
    }

    private void AddBreslow(double s0, double deaths, PartialLikelihood into)
    {
        var p = _sets.Width;
        for (var a = 0; a < p; a++) _mean[a] = _s1[a] / s0;
        for (var a = 0; a < p; a++)
        {
            into.Score[a] -= deaths * _mean[a];
            for (var b = 0; b <= a; b++)
                into.Information[a * p + b] += deaths * (_s2[a * p + b] / s0 - _mean[a] * _mean[b]);
        }
    }

    /// <summary>The Efron terms of one event time, each of the d steps counted <paramref name="multiplicity"/> times.</summary>
    private void AddEfron(EfronDenominatorSums sums, double multiplicity, PartialLikelihood into)
    {
        var p = _sets.Width;
        for (var a = 0; a < p; a++)
        {
            into.Score[a] -= multiplicity * (_s1[a] * sums.S0 - _d1[a] * sums.S1);
            for (var b = 0; b <= a; b++)
            {
                into.Information[a * p + b] += multiplicity * (_s2[a * p + b] * sums.S0 - _d2[a * p + b] * sums.S1
                    - (_s1[a] * _s1[b] * sums.T0 - (_s1[a] * _d1[b] + _d1[a] * _s1[b]) * sums.T1 + _d1[a] * _d1[b] * sums.T2));
            }
        }
    }

    /// <summary>
    /// log B(R, d) for the risk set at time <paramref name="time"/> among positions [<paramref name="start"/>,
    /// <paramref name="end"/>) and its derivatives added to the score and information.
    /// </summary>
    private double ExactTerm(int start, int end, double time, int deaths, PartialLikelihood into)
    {
        var p = _sets.Width;
        var entry = _sets.Entry;
        // B[j], B1[j][a], B2[j][a,b] for j = 0..d, updated in place from high j to low as each member joins.
        var b0 = new double[deaths + 1];
        var b1 = new double[(deaths + 1) * p];
        var b2 = new double[(deaths + 1) * p * p];
        b0[0] = 1;
        var joined = 0;
        for (var m = start; m < end; m++)
        {
            if (entry is not null && entry[m] >= time) continue;
            joined++;
            var r = _risk[m];
            var x = _sets.Row(m);
            for (var j = Math.Min(deaths, joined); j >= 1; j--)
            {
                var prev0 = b0[j - 1];
                var prev1 = b1.AsSpan((j - 1) * p, p);
                var prev2 = b2.AsSpan((j - 1) * p * p, p * p);
                for (var a = 0; a < p; a++)
                {
                    for (var b = 0; b <= a; b++)
                        b2[(j * p + a) * p + b] += r * (x[a] * x[b] * prev0 + x[a] * prev1[b] + prev1[a] * x[b] + prev2[a * p + b]);
                }
                for (var a = 0; a < p; a++) b1[j * p + a] += r * (x[a] * prev0 + prev1[a]);
                b0[j] += r * prev0;
            }
        }
        var total = b0[deaths];
        for (var a = 0; a < p; a++)
        {
            var mean = b1[deaths * p + a] / total;
            into.Score[a] -= mean;
            for (var b = 0; b <= a; b++)
                into.Information[a * p + b] += b2[(deaths * p + a) * p + b] / total - mean * b1[deaths * p + b] / total;
        }
        return Math.Log(total);
    }

    private static void MirrorLowerTriangle(double[] matrix, int p)
    {
        for (var a = 0; a < p; a++)
        {
            for (var b = a + 1; b < p; b++) matrix[a * p + b] = matrix[b * p + a];
        }
    }
}
