using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Survival.Core.Counting;
using Survival.Core.Numerics;

namespace Survival.Core.Cox;

/// <summary>
/// The Cox partial log-likelihood of a design matrix, its score and information: the risk-set sums S₀ and S₁ by one
/// sweep over each stratum's subjects from the latest time to the earliest, and the S₂ part of the information as one
/// weighted Gram matrix of the rows.
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
/// (Σ_D w)/d. The exact likelihood takes no weights, as in R. Σ_D w·η is computed as β'Σ_D w·x.
/// <para>
/// The S₂ terms need no p×p running sum. Write each event time's S₂ part as a_t S₂(t) − b_t D₂(t) (Breslow:
/// a_t = Σ_D w / S₀, b_t = 0; Efron: a_t = m Σ_k 1/D_k, b_t = m Σ_k f_k/D_k with m the mean weight). Exchanging the
/// sums over times and subjects,
/// Σ_t (a_t S₂(t) − b_t D₂(t)) = Σ_i w_i r_i x_i x_i' (H(timeᵢ) − H(entryᵢ) − δ_i b_{timeᵢ}), with
/// H(T) = Σ_{event times t ≤ T} a_t within the stratum (H(entry) = 0 without delayed entry), so the sweep only records
/// each subject's coefficient and the p×p work is one Gram matrix, taken in two halves side by side. The sweep keeps
/// Σ_{t &gt; T} a_t as it goes: a subject's coefficient is that sum at its entry (the stratum's total when it never
/// leaves) less the sum at its time. Every coefficient is ≥ 0 (Σ_k 1/D_k ≥ Σ_k f_k/D_k), so the Gram matrix adds
/// no cancellation of its own.
/// </para>
/// The sweep adds each subject once, at its time; with delayed entry (Andersen &amp; Gill 1982, R's
/// <c>Surv(entry, time, status)</c>) it subtracts a subject once the time reaches its entry, and restarts S₀ and S₁
/// from zero whenever the risk set empties, so that no rounding is carried past it. w·exp(η) is computed for every
/// subject first, in two halves side by side. Without delayed entry (and for Breslow and Efron ties) a large stratum's
/// sweep is cut near its middle in two parts run side by side, the later part starting from the S₀ and S₁ the earlier
/// one leaves, summed by the pass that computes exp(η); each part's Σ a_t is added to the coefficients of the subjects
/// before it. Given a time weight ω(t), every event time's contributions are taken ω(t) times (<c>cox.zph</c>'s
/// Σ g(t)Uₜ and Σ g(t)ᵏIₜ).
/// </remarks>
internal sealed partial class CoxRegressionLikelihood : ICoxLikelihood
{
    private readonly CoxRiskSets _sets;
    private readonly TieMethod _ties;
    private readonly double[] _risk, _gram;
    private readonly SweepPart[] _parts;
    private readonly double[][] _halves;

    /// <summary>Where each stratum's sweep is cut in two parts (<see cref="Cut"/>); its start when it is not.</summary>
    private readonly int[] _cuts;

    /// <summary>
    /// Per half of <see cref="Risks"/>, per stratum, S₀ and S₁ (p + 1 sums) of the half's positions before the
    /// stratum's cut: the risk set the later part of a cut sweep starts from, summed while exp(η) is computed.
    /// </summary>
    private readonly double[][] _beforeCut;

    public CoxRegressionLikelihood(CoxRiskSets sets, TieMethod ties)
    {
        _sets = sets;
        _ties = ties;
        var p = sets.Width;
        _risk = new double[sets.Count];
        _gram = ties == TieMethod.Exact ? [] : new double[sets.Count];
        _parts = [new SweepPart(p), new SweepPart(p)];
        _halves = [new double[p * p], new double[p * p]];
        var starts = sets.StratumStarts;
        _cuts = [.. Enumerable.Range(0, starts.Length - 1).Select(s => Cut(starts[s], starts[s + 1]))];
        _beforeCut = [new double[_cuts.Length * (p + 1)], new double[_cuts.Length * (p + 1)]];
    }

    public CoxRiskSets Sets => _sets;

    public int Width => _sets.Width;

    void ICoxLikelihood.Evaluate(double[] beta, PartialLikelihood into) => Evaluate(beta, into);

    /// <summary>log L, U and I at <paramref name="beta"/>.</summary>
    /// <param name="beta">The coefficients.</param>
    /// <param name="into">Receives the sums.</param>
    /// <param name="timeWeight">When given, ω(t): each event time's contributions are taken ω(t) times.</param>
    public void Evaluate(double[] beta, PartialLikelihood into, Func<double, double>? timeWeight = null)
    {
        into.Clear();
        ParallelHalves.Run(_sets.Count, (half, from, to) => Risks(beta, from, to, _beforeCut[half]));
        var starts = _sets.StratumStarts;
        for (var s = 0; s + 1 < starts.Length; s++) EvaluateStratum(beta, s, timeWeight, into);
        if (_ties != TieMethod.Exact) AddGram(into.Information);
        MirrorLowerTriangle(into.Information, _sets.Width);
    }

    /// <summary>
    /// w·exp(η) of positions [<paramref name="from"/>, <paramref name="to"/>), the exact likelihood, which takes no
    /// weights, with w = 1; and into <paramref name="beforeCut"/> the S₀ and S₁ of those before their stratum's cut.
    /// </summary>
    private void Risks(double[] beta, int from, int to, double[] beforeCut)
    {
        var weight = _sets.Weight;
        var starts = _sets.StratumStarts;
        var p = _sets.Width;
        Array.Clear(beforeCut);
        // Positions are by stratum: s follows k from the first stratum.
        for (var (k, s) = (from, 0); k < to; k++)
        {
            while (k >= starts[s + 1]) s++;
            var r = weight[k] * Math.Exp(_sets.LinearPredictor(k, beta));
            _risk[k] = r;
            if (k >= _cuts[s]) continue;
            var sums = beforeCut.AsSpan(s * (p + 1), p + 1);
            sums[0] += r;
            Accumulate(_sets.Row(k), r, sums[1..]);
        }
    }

    private void EvaluateStratum(double[] beta, int stratum, Func<double, double>? timeWeight, PartialLikelihood into)
    {
        var (start, end) = (_sets.StratumStarts[stratum], _sets.StratumStarts[stratum + 1]);
        var (first, second) = (_parts[0], _parts[1]);
        first.Start();
        var cut = _cuts[stratum];
        if (cut == start)
        {
            var later = Sweep(beta, start, start, end, timeWeight, first, into);
            if (_ties != TieMethod.Exact && _sets.Entry is null) AddToGram(start, end, later);
            return;
        }
        // The later part starts from the risk set the earlier part leaves: every subject before the cut, summed by halves.
        var p = _sets.Width;
        var lower = _beforeCut[0].AsSpan(stratum * (p + 1), p + 1);
        var upper = _beforeCut[1].AsSpan(stratum * (p + 1), p + 1);
        second.S0 = lower[0] + upper[0];
        for (var c = 0; c < p; c++) second.S1[c] = lower[c + 1] + upper[c + 1];
        second.Sums.Clear();
        double laterFirst = 0, laterSecond = 0;
        Parallel.Invoke(
            () => laterFirst = Sweep(beta, start, start, cut, timeWeight, first, into),
            () => laterSecond = Sweep(beta, start, cut, end, timeWeight, second, second.Sums));
        into.LogLikelihood += second.Sums.LogLikelihood;
        for (var c = 0; c < into.Score.Length; c++) into.Score[c] += second.Sums.Score[c];
        for (var c = 0; c < into.Information.Length; c++) into.Information[c] += second.Sums.Information[c];
        // Each part's coefficients count the event times it swept; the earlier subjects are at risk at the later part's too.
        AddToGram(start, cut, laterFirst + laterSecond);
        AddToGram(cut, end, laterSecond);
    }

    /// <summary>
    /// Where a large stratum's sweep is cut in two parts run side by side: the first time group at or after half of it
    /// (the later part's starting risk set is summed beforehand, by <see cref="Risks"/>); the stratum's start
    /// (no cut) when it is small, when its times are one group, with delayed entry (whose subjects leave the risk set
    /// from the other part) and for exact ties (whose every event time reads the whole risk set).
    /// </summary>
    private int Cut(int start, int end)
    {
        if (_ties == TieMethod.Exact || _sets.Entry is not null || end - start < ParallelHalves.Threshold) return start;
        var time = _sets.Time;
        var cut = start + (end - start) / 2;
        while (cut < end && time[cut] == time[cut - 1]) cut++;
        return cut == end ? start : cut;
    }

    private void AddToGram(int from, int to, double later)
    {
        for (var k = from; k < to; k++) _gram[k] += later;
    }

    /// <summary>
    /// Sweeps positions [<paramref name="from"/>, <paramref name="end"/>) of the stratum starting at
    /// <paramref name="start"/>, from <paramref name="part"/>'s S₀ and S₁, adding the terms to <paramref name="into"/>;
    /// returns Σ a_t over the event times it swept. With delayed entry (always the whole stratum) it also adds that sum
    /// to the coefficients of whoever is still at risk at the stratum's first time.
    /// </summary>
    private double Sweep(double[] beta, int start, int from, int end, Func<double, double>? timeWeight, SweepPart part, PartialLikelihood into)
    {
        var p = _sets.Width;
        var time = _sets.Time;
        var events = _sets.Event;
        var entry = _sets.Entry;
        var byEntry = _sets.ByEntry;
        var weight = _sets.Weight;
        var gram = _gram;
        var exact = _ties == TieMethod.Exact;
        var s0 = part.S0;
        // Σ a_t over the event times swept so far, all later than the current time.
        var later = 0.0;
        List<int>? neverLeft = null;
        var atRisk = 0;
        var nextEntry = start;
        var position = from;
        // D₁ and Σ_D w·x are emptied after each event time: a time of censorings alone adds zeros to them.
        part.EndEventTime();
        while (position < end)
        {
            var t = time[position];
            if (entry is not null)
            {
                // Subjects whose entry is at or after t left the risk set (they were added at their later times).
                for (; nextEntry < end && entry[byEntry![nextEntry]] >= t; nextEntry++)
                {
                    var leaving = byEntry[nextEntry];
                    if (leaving >= position)
                    {
                        // Not yet added, so never taken out: at risk down to the stratum's first time, as S₀ and S₁ keep it.
                        if (!exact) (neverLeft ??= []).Add(leaving);
                        continue;
                    }
                    if (!exact) gram[leaving] += later;
                    var leavingRisk = _risk[leaving];
                    s0 -= leavingRisk;
                    Accumulate(_sets.Row(leaving), -leavingRisk, part.S1);
                    if (--atRisk > 0) continue;
                    s0 = 0;
                    Array.Clear(part.S1);
                }
            }

            var deaths = 0;
            double d0 = 0, deathWeight = 0;
            var groupStart = position;
            for (; position < end && time[position] == t; position++)
            {
                // Without a branch on the event, which no predictor can guess: a censored subject adds zeros to D.
                var died = Unsafe.BitCast<bool, byte>(events[position]);
                var r = _risk[position];
                var deathRisk = died * r;
                var dw = died * weight[position];
                if (!exact) gram[position] = -later;
                deaths += died;
                deathWeight += dw;
                s0 += r;
                d0 += deathRisk;
                part.AddRow(ref RowStart(position), r, deathRisk, dw);
            }
            atRisk += position - groupStart;
            if (deaths == 0) continue;

            var omega = timeWeight?.Invoke(t) ?? 1;
            var logLikelihood = part.AddEventScore(beta, omega, into.Score);
            double here = 0, tied = 0;
            switch (_ties)
            {
                // With one event Efron's terms are Breslow's: its one step has f = 0, so T₁ = T₂ = 0 and no tied term.
                case TieMethod.Breslow:
                case TieMethod.Efron when deaths == 1:
                    logLikelihood -= deathWeight * Math.Log(s0);
                    part.SubtractBreslow(s0, omega * deathWeight, into);
                    here = omega * deathWeight / s0;
                    break;
                case TieMethod.Efron:
                    // R's weighted Efron: each step counts with the mean weight of the tied events (1 without weights).
                    var sums = EfronDenominatorSums.Compute(s0, d0, deaths);
                    var meanWeight = deathWeight / deaths;
                    logLikelihood -= meanWeight * sums.LogSum;
                    part.SubtractEfron(sums, omega * meanWeight, into);
                    here = omega * meanWeight * sums.S0;
                    tied = omega * meanWeight * sums.S1;
                    break;
                case TieMethod.Exact:
                    logLikelihood -= ExactTerm(start, position, t, deaths, omega, into);
                    break;
            }
            into.LogLikelihood += omega * logLikelihood;
            part.EndEventTime();
            if (exact) continue;
            later += here;
            if (tied == 0) continue;
            for (var k = groupStart; k < position; k++)
            {
                if (events[k]) gram[k] -= tied;
            }
        }
        part.S0 = s0;
        if (exact || entry is null) return later;

        // Whoever is still in the risk set at the stratum's first time is at risk at all its event times.
        for (; nextEntry < end; nextEntry++) gram[byEntry![nextEntry]] += later;
        foreach (var k in neverLeft ?? []) gram[k] += later;
        return later;
    }

    /// <summary>The lower triangle of Σ wᵢ rᵢ cᵢ xᵢxᵢ' added to <paramref name="information"/>, in two halves side by side.</summary>
    private void AddGram(double[] information)
    {
        var p = _sets.Width;
        ParallelHalves.Run(_sets.Count, (half, from, to) => Gram(from, to, _halves[half]));
        // A loop too small to cut leaves the second half's sum at zero.
        foreach (var sum in _halves)
        {
            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b <= a; b++) information[a * p + b] += sum[a * p + b];
            }
        }
    }

    /// <summary>Σ wᵢ rᵢ cᵢ xᵢxᵢ' over positions [<paramref name="from"/>, <paramref name="to"/>), its lower triangle, into <paramref name="sum"/>.</summary>
    /// <remarks>
    /// The innermost loop of the fit, written on references so that no bound is checked, by vectors along each row
    /// of the product: <paramref name="sum"/> has p² elements and every row of the design p.
    /// </remarks>
    private void Gram(int from, int to, double[] sum)
    {
        var p = _sets.Width;
        Array.Clear(sum);
        var vectorEnd = p - p % Vector<double>.Count;
        ref var s = ref MemoryMarshal.GetArrayDataReference(sum);
        ref var x0 = ref MemoryMarshal.GetArrayDataReference(_sets.X);
        for (var k = from; k < to; k++)
        {
            var c = _risk[k] * _gram[k];
            if (c == 0) continue;
            ref var x = ref Unsafe.Add(ref x0, (nint)k * p);
            for (var a = 0; a < p; a++)
            {
                var cx = c * Unsafe.Add(ref x, a);
                ref var row = ref Unsafe.Add(ref s, a * p);
                var scale = new Vector<double>(cx);
                // Only the lower triangle, b ≤ a, is read: the vectors stop at the one holding the diagonal.
                var b = 0;
                for (; b < vectorEnd && b <= a; b += Vector<double>.Count)
                {
                    ref var target = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref row, b));
                    target += scale * Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref x, b));
                }
                for (; b <= a; b++) Unsafe.Add(ref row, b) += cx * Unsafe.Add(ref x, b);
            }
        }
    }

    private ref double RowStart(int position) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_sets.X), (nint)position * _sets.Width);

    /// <summary>sum += r·x.</summary>
    private static void Accumulate(ReadOnlySpan<double> x, double r, Span<double> sum)
    {
        ref var first = ref MemoryMarshal.GetReference(sum);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        for (var a = 0; a < x.Length; a++) Unsafe.Add(ref first, a) += r * Unsafe.Add(ref x0, a);
    }

    /// <summary>
    /// log B(R, d) for the risk set at time <paramref name="time"/> among positions [<paramref name="start"/>,
    /// <paramref name="end"/>), and its derivatives taken <paramref name="multiplicity"/> times added to the score and information.
    /// </summary>
    private double ExactTerm(int start, int end, double time, int deaths, double multiplicity, PartialLikelihood into)
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
            into.Score[a] -= multiplicity * mean;
            for (var b = 0; b <= a; b++)
                into.Information[a * p + b] += multiplicity * (b2[(deaths * p + a) * p + b] / total - mean * b1[deaths * p + b] / total);
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
