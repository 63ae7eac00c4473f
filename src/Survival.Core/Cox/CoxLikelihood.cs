using System.Buffers;
using System.Runtime.CompilerServices;
using Survival.Core.Numerics;

namespace Survival.Core.Cox;

/// <summary>
/// The Cox partial log-likelihood of the engine's rows, its score and its information: the risk-set sums S₀ and S₁
/// by one sweep over each stratum's rows from the latest time to the earliest, the tie terms of each event time, and
/// the S₂ part of the information as one weighted Gram matrix of the rows. The one likelihood of every Cox model.
/// </summary>
/// <remarks>
/// With r = exp(η), at an event time t with d events D among the risk set R(t) = {rows : entry &lt; t ≤ time}, every
/// sum weighted by the case weights w (R's coxfit6.c and agfit4.c; a counting-table row counts with its weight sum):
/// S₀ = Σ_R w r, S₁ = Σ_R w r x, S₂ = Σ_R w r xx', and the same sums over D alone (D₀, D₁, D₂).
/// <code>
/// Breslow (1974)   log L += Σ_D w η − (Σ_D w) log S₀      U += Σ_D w x − (Σ_D w) S₁/S₀
///                  I += (Σ_D w) (S₂/S₀ − (S₁/S₀)(S₁/S₀)')
/// Efron (1977)     for k = 0 … d − 1, f = k/d, with m = (Σ_D w)/d, the mean weight of the tied events:
///                  log L −= m log(S₀ − f D₀)   U −= m (S₁ − f D₁)/(S₀ − f D₀)   I += m ((S₂ − f D₂)/(S₀ − f D₀) − mean·mean')
///                  summed in closed form by <see cref="EfronDenominatorSums"/>; with one event it is Breslow's term
/// exact (Cox 1972) log L += Σ_D η − log Σ_{S ⊆ R, |S| = d} exp(Σ_S η), by <see cref="ExactTies"/>; no weights, as R
/// </code>
/// (Therneau &amp; Grambsch 2000, §3.3.) Σ_D w·η is computed as β'Σ_D w·x.
/// <para>
/// The S₂ terms need no p×p running sum. Write each event time's S₂ part as a_t S₂(t) − b_t D₂(t) (Breslow:
/// a_t = Σ_D w / S₀, b_t = 0; Efron: a_t = m Σ_k 1/D_k, b_t = m Σ_k f_k/D_k). Exchanging the sums over times and rows,
/// Σ_t (a_t S₂(t) − b_t D₂(t)) = Σ_rows r x x' (W A(time) − E A(entry) − Σ_D w · b_time), with W the row's weight
/// leaving at its time, E its weight joining at its entry and A(T) = Σ_{event times t ≤ T} a_t within the stratum
/// (A(entry) = 0 without delayed entry), so the sweep only records each event time's a_t and b_t, the coefficients
/// (<see cref="_gram"/>) follow by one pass from the earliest row — A summed forwards, never as a difference of two
/// larger sums, which a monotone likelihood's far-out β would cancel — and the p×p work is one Gram matrix, taken in
/// two halves side by side; counting-table rows of one pattern share x, so theirs is each pattern's Σ coefficients
/// times its x x'. Every coefficient of a row of one is ≥ 0 (Σ_k 1/D_k ≥ Σ_k f_k/D_k), so the Gram matrix
/// adds no cancellation of its own.
/// </para>
/// <para>
/// The sweep adds each row at its time; with delayed entry it takes the row's joiners out once the time reaches
/// their entry, and restarts S₀ and S₁ from zero whenever the risk set empties, so that no rounding is carried past it.
/// w·exp(η) is computed for every row first, in two halves side by side. Without delayed entry (and for Breslow and
/// Efron ties) a large stratum's sweep is cut near its middle in two parts run side by side, the later part starting
/// from the S₀ and S₁ the earlier one leaves, summed by the pass that computes exp(η); the earlier part's coefficients
/// start from the later part's Σ a_t. Given a time weight ω(t), every event time's contributions are taken ω(t)
/// times (<c>cox.zph</c>'s Σ g(t)Uₜ and Σ g(t)ᵏIₜ).
/// </para>
/// </remarks>
internal sealed partial class CoxLikelihood : IDisposable
{
    private readonly CoxRows _rows;
    private readonly TieMethod _ties;

    /// <summary>w·exp(η) of every row at the current β.</summary>
    private readonly double[] _risk;

    /// <summary>
    /// (Σ_D w)·exp(η) of every counting-table row at the current β; null for rows of one, whose (Σ_D w)·exp(η) is
    /// their event count (0 or 1) times w·exp(η), read off <see cref="_risk"/> (<see cref="EventRisk"/>) rather than
    /// written and read back once more per row and evaluation.
    /// </summary>
    private readonly double[]? _eventRisk;

    /// <summary>Each row's coefficient r (W A(time) − E A(entry) − Σ_D w · b_time) of the Gram matrix.</summary>
    private readonly double[] _gram;

    private readonly SweepPart[] _parts;
    private readonly double[][] _halves;

    /// <summary>Where each stratum's sweep is cut in two parts (<see cref="Cut"/>); its start when it is not.</summary>
    private readonly int[] _cuts;

    /// <summary>
    /// Per half of <see cref="Risks"/>, per stratum, S₀ and S₁ (p + 1 sums) of the half's rows before the stratum's
    /// cut: the risk set the later part of a cut sweep starts from, summed while exp(η) is computed.
    /// </summary>
    private readonly double[][] _beforeCut;

    /// <summary>For counting-table rows, a row of each pattern (group), whose rows share their covariates; empty for rows of one.</summary>
    private readonly int[] _patternRows;

    /// <summary>exp(η) of each pattern at the current β: a table's rows take it from there instead of each computing it.</summary>
    private readonly double[] _patternRisk;

    /// <summary>Each pattern's Σ of its rows' Gram coefficients (<see cref="AddPatternGram"/>).</summary>
    private readonly double[] _patternGram;

    /// <summary>Whether the per-row arrays are borrowed from the pool, given back by <see cref="Dispose"/>.</summary>
    private readonly bool _pooled;

    /// <param name="rows">The rows.</param>
    /// <param name="ties">The ties method.</param>
    /// <param name="pooled">
    /// Whether the per-row arrays are borrowed from the pool — for a fit that keeps nothing once the model is reported,
    /// whose arrays at registry size would otherwise be fresh large-object pages on every fit — and given back by
    /// <see cref="Dispose"/>, after which the likelihood is not evaluated again.
    /// </param>
    public CoxLikelihood(CoxRows rows, TieMethod ties, bool pooled = false)
    {
        _rows = rows;
        _ties = ties;
        _pooled = pooled;
        var p = rows.Width;
        _risk = PerRow(rows.Count, pooled);
        _eventRisk = rows.Table is null ? null : PerRow(rows.Count, pooled);
        _gram = PerRow(rows.Count, pooled);
        _parts = [new SweepPart(p), new SweepPart(p)];
        _halves = [new double[p * p], new double[p * p]];
        var starts = rows.StratumStarts;
        _cuts = [.. Enumerable.Range(0, starts.Length - 1).Select(s => Cut(starts[s], starts[s + 1]))];
        _beforeCut = [new double[_cuts.Length * (p + 1)], new double[_cuts.Length * (p + 1)]];
        _patternRows = rows.Table is { } table ? PatternRows(table.Pattern) : [];
        _patternRisk = new double[_patternRows.Length];
        _patternGram = new double[_patternRows.Length];
    }

    public CoxRows Rows => _rows;

    /// <summary>Gives pooled arrays back; nothing for a likelihood that owns its arrays.</summary>
    public void Dispose()
    {
        if (!_pooled) return;
        ArrayPool<double>.Shared.Return(_risk);
        if (_eventRisk is not null) ArrayPool<double>.Shared.Return(_eventRisk);
        ArrayPool<double>.Shared.Return(_gram);
    }

    /// <summary>An array of n per-row values (every one written by each evaluation before it is read).</summary>
    private static double[] PerRow(int n, bool pooled) => pooled ? ArrayPool<double>.Shared.Rent(n) : new double[n];

    public TieMethod Ties => _ties;

    public int Width => _rows.Width;

    /// <summary>log L, U and I at <paramref name="beta"/>.</summary>
    /// <param name="beta">The coefficients.</param>
    /// <param name="into">Receives the sums.</param>
    /// <param name="timeWeight">When given, ω(t): each event time's contributions are taken ω(t) times.</param>
    public void Evaluate(double[] beta, PartialLikelihood into, Func<double, double>? timeWeight = null)
    {
        into.Clear();
        for (var g = 0; g < _patternRows.Length; g++) _patternRisk[g] = _patternRows[g] < 0 ? 0 : Math.Exp(_rows.LinearPredictor(_patternRows[g], beta));
        ParallelHalves.Run(_rows.Count, (half, from, to) => Risks(beta, from, to, _beforeCut[half]));
        var starts = _rows.StratumStarts;
        for (var s = 0; s + 1 < starts.Length; s++) EvaluateStratum(beta, s, timeWeight, into);
        AddGram(into.Information);
        MirrorLowerTriangle(into.Information, _rows.Width);
    }

    /// <summary>
    /// w·exp(η) and (Σ_D w)·exp(η) of rows [<paramref name="from"/>, <paramref name="to"/>), and into
    /// <paramref name="beforeCut"/> the S₀ and S₁ of those before their stratum's cut.
    /// </summary>
    private void Risks(double[] beta, int from, int to, double[] beforeCut)
    {
        var (weight, eventWeight) = (_rows.Weight, _rows.EventWeight);
        var starts = _rows.StratumStarts;
        var p = _rows.Width;
        var pattern = _rows.Table?.Pattern;
        Array.Clear(beforeCut);
        // Rows are by stratum: s follows k from the first stratum.
        for (var (k, s) = (from, 0); k < to; k++)
        {
            while (k >= starts[s + 1]) s++;
            var exp = pattern is null ? Math.Exp(_rows.LinearPredictor(k, beta)) : _patternRisk[pattern[k]];
            var r = weight[k] * exp;
            _risk[k] = r;
            if (_eventRisk is not null) _eventRisk[k] = eventWeight[k] * exp;
            if (k >= _cuts[s]) continue;
            var sums = beforeCut.AsSpan(s * (p + 1), p + 1);
            sums[0] += r;
            Accumulate(_rows.Row(k), r, sums[1..]);
        }
    }

    private void EvaluateStratum(double[] beta, int stratum, Func<double, double>? timeWeight, PartialLikelihood into)
    {
        var (start, end) = (_rows.StratumStarts[stratum], _rows.StratumStarts[stratum + 1]);
        var (first, second) = (_parts[0], _parts[1]);
        first.Start();
        first.EventTimes.Clear();
        second.EventTimes.Clear();
        var cut = _cuts[stratum];
        if (cut == start)
        {
            Sweep(beta, start, start, end, timeWeight, first, into);
            GramCoefficients(start, end, 0, first.EventTimes);
            if (_rows.Entry is not null) TakeJoinersOut(start, end, first.EventTimes);
            return;
        }
        // The later part starts from the risk set the earlier part leaves: every row before the cut, summed by halves.
        var p = _rows.Width;
        var lower = _beforeCut[0].AsSpan(stratum * (p + 1), p + 1);
        var upper = _beforeCut[1].AsSpan(stratum * (p + 1), p + 1);
        second.S0 = lower[0] + upper[0];
        for (var c = 0; c < p; c++) second.S1[c] = lower[c + 1] + upper[c + 1];
        second.Sums.Clear();
        Parallel.Invoke(
            () => Sweep(beta, start, start, cut, timeWeight, first, into),
            () => Sweep(beta, start, cut, end, timeWeight, second, second.Sums));
        into.Add(second.Sums);
        // The earlier part's rows are at risk at every event time of the later part too: their A starts from its sum.
        var laterPart = second.EventTimes.Sum(e => e.A);
        Parallel.Invoke(
            () => GramCoefficients(start, cut, laterPart, first.EventTimes),
            () => GramCoefficients(cut, end, 0, second.EventTimes));
    }

    /// <summary>
    /// Each row's Gram coefficient r (W A(time) − Σ_D w · b_time) for rows [<paramref name="from"/>, <paramref name="end"/>)
    /// of one part, A(T) = Σ_{t ≤ T} a_t cumulated from the part's earliest row, starting at <paramref name="earlier"/>
    /// (the sum over the event times before the part): summed from the earliest, so that no sum is a difference.
    /// </summary>
    private void GramCoefficients(int from, int end, double earlier, List<EventTime> eventTimes)
    {
        var a = earlier;
        var position = end - 1;
        for (var e = eventTimes.Count - 1; e >= 0; e--)
        {
            var time = eventTimes[e];
            for (; position >= time.To; position--) _gram[position] = a * _risk[position];
            a += time.A;
            for (; position >= time.From; position--) _gram[position] = a * _risk[position] - time.B * EventRisk(position);
        }
        for (; position >= from; position--) _gram[position] = a * _risk[position];
    }

    /// <summary>
    /// Takes out of each row's coefficient what its joiners were never at risk for: E r A(entry), walking the rows by
    /// entry from the earliest beside the event times. A row of one whose entry timefix merged with its time was never
    /// taken out of the risk set, as R's agreg keeps it, and keeps its coefficient whole.
    /// </summary>
    private void TakeJoinersOut(int start, int end, List<EventTime> eventTimes)
    {
        var (entry, byEntry, time) = (_rows.Entry!, _rows.ByEntry!, _rows.Time);
        var a = 0.0;
        var e = eventTimes.Count - 1;
        for (var j = end - 1; j >= start; j--)
        {
            var k = byEntry[j];
            for (; e >= 0 && time[eventTimes[e].From] <= entry[k]; e--) a += eventTimes[e].A;
            if (_rows.Table is null && entry[k] >= time[k]) continue;
            _gram[k] -= a * JoinRisk(k);
        }
    }

    /// <summary>
    /// Where a large stratum's sweep is cut in two parts run side by side: the first time group at or after half of it
    /// (the later part's starting risk set is summed beforehand, by <see cref="Risks"/>); the stratum's start
    /// (no cut) when it is small, when its times are one group, with delayed entry (whose rows leave the risk set
    /// from the other part) and for exact ties (whose tied event times read the whole risk set).
    /// </summary>
    private int Cut(int start, int end)
    {
        if (_ties == TieMethod.Exact || _rows.Entry is not null || end - start < ParallelHalves.Threshold) return start;
        var time = _rows.Time;
        var cut = start + (end - start) / 2;
        while (cut < end && time[cut] == time[cut - 1]) cut++;
        return cut == end ? start : cut;
    }

    /// <summary>
    /// Sweeps rows [<paramref name="from"/>, <paramref name="end"/>) of the stratum starting at <paramref name="start"/>,
    /// from <paramref name="part"/>'s S₀ and S₁, adding the terms to <paramref name="into"/> and recording each event
    /// time's a_t and b_t in the part.
    /// </summary>
    private void Sweep(double[] beta, int start, int from, int end, Func<double, double>? timeWeight, SweepPart part, PartialLikelihood into)
    {
        var time = _rows.Time;
        var events = _rows.Events;
        var eventWeight = _rows.EventWeight;
        var s0 = part.S0;
        var membersAtRisk = 0L;
        var nextEntry = start;
        var position = from;
        // D₁ and Σ_D w·x are emptied after each event time: a time of censorings alone adds zeros to them.
        part.EndEventTime();
        while (position < end)
        {
            var t = time[position];
            if (_rows.Entry is not null) s0 = TakeOutJoiners(t, end, position, ref nextEntry, ref membersAtRisk, s0, part);

            var deaths = 0;
            double d0 = 0, deathWeight = 0;
            var groupStart = position;
            for (; position < end && time[position] == t; position++)
            {
                // Without a branch on the event, which no predictor can guess: a censored row adds zeros to D.
                var r = _risk[position];
                var deathRisk = EventRisk(position);
                deaths += events[position];
                deathWeight += eventWeight[position];
                s0 += r;
                d0 += deathRisk;
                part.AddRow(ref RowStart(position), r, deathRisk, eventWeight[position]);
            }
            // Only delayed entry empties the risk set between times, so only then are its members counted.
            if (_rows.Entry is not null) membersAtRisk += Leaving(groupStart, position);
            if (deaths == 0) continue;

            var omega = timeWeight?.Invoke(t) ?? 1;
            var logLikelihood = part.AddEventScore(beta, omega, into.Score);
            double here = 0, tied = 0;
            if (deaths == 1 || _ties == TieMethod.Breslow)
            {
                // One event: every method's term is Breslow's (Efron's one step has f = 0).
                logLikelihood -= deathWeight * Math.Log(s0);
                part.SubtractBreslow(s0, omega * deathWeight, into);
                here = omega * deathWeight / s0;
            }
            else if (_ties == TieMethod.Efron)
            {
                // R's weighted Efron: each step counts with the mean weight of the tied events (1 without weights).
                var sums = EfronDenominatorSums.Compute(s0, d0, deaths);
                var meanWeight = deathWeight / deaths;
                logLikelihood -= meanWeight * sums.LogSum;
                part.SubtractEfron(sums, omega * meanWeight, into);
                here = omega * meanWeight * sums.S0;
                tied = omega * meanWeight * sums.S1;
            }
            else logLikelihood -= ExactTies.AddEventTime(_rows, _risk, beta, start, position, t, deaths, omega, into);
            into.LogLikelihood += omega * logLikelihood;
            part.EndEventTime();
            part.EventTimes.Add(new EventTime(groupStart, position, here, tied));
        }
        part.S0 = s0;
    }

    /// <summary>
    /// Takes out of the risk set, before time <paramref name="t"/>'s rows join it, everyone whose entry is at or
    /// after t; returns S₀ after.
    /// </summary>
    private double TakeOutJoiners(double t, int end, int position, ref int nextEntry, ref long membersAtRisk, double s0, SweepPart part)
    {
        var entry = _rows.Entry!;
        var byEntry = _rows.ByEntry!;
        for (; nextEntry < end && entry[byEntry[nextEntry]] >= t; nextEntry++)
        {
            var leaving = byEntry[nextEntry];
            // A row of one whose entry was merged with its time by timefix is at risk nowhere: it joins and leaves at
            // once, and R's agreg keeps it in the risk sets below, as this does by not taking it out.
            if (_rows.Table is null && leaving >= position) continue;
            var joinRisk = JoinRisk(leaving);
            s0 -= joinRisk;
            Accumulate(_rows.Row(leaving), -joinRisk, part.S1);
            membersAtRisk -= _rows.Table?.Joining[leaving] ?? 1;
            if (membersAtRisk > 0) continue;
            s0 = 0;
            Array.Clear(part.S1);
        }
        return s0;
    }

    /// <summary>w·r of those who join the risk set at row k's entry: the row itself for a row of one.</summary>
    private double JoinRisk(int k) => _rows.Table is { } table ? table.Entered[k] * _patternRisk[table.Pattern[k]] : _risk[k];

    /// <summary>The first row of each pattern; −1 for a pattern no row has.</summary>
    private static int[] PatternRows(int[] pattern)
    {
        var first = Enumerable.Repeat(-1, pattern.Length == 0 ? 0 : pattern.Max() + 1).ToArray();
        for (var k = pattern.Length - 1; k >= 0; k--) first[pattern[k]] = k;
        return first;
    }

    /// <summary>The number of members leaving at rows [from, to).</summary>
    private long Leaving(int from, int to)
    {
        if (_rows.Table is not { } table) return to - from;
        long sum = 0;
        for (var k = from; k < to; k++) sum += table.Leaving[k];
        return sum;
    }

    /// <summary>(Σ_D w)·exp(η) of row k: for a row of one, whose Σ_D w is w when it is an event, its event count times w·exp(η).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double EventRisk(int k) => _eventRisk is null ? _rows.Events[k] * _risk[k] : _eventRisk[k];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref double RowStart(int position) =>
        ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_rows.X), (nint)position * _rows.Width);
}
