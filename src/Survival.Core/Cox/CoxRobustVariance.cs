using MathNet.Numerics.LinearAlgebra;

namespace Survival.Core.Cox;

/// <summary>
/// The robust (sandwich) variance of a Cox model, R's <c>fit$var</c> when a weight is not whole, when a cluster is
/// given, or when an id has more than one event, and R's robust score test: both from the score residuals of the
/// rows, summed within clusters.
/// </summary>
/// <remarks>
/// Lin &amp; Wei (1989); Therneau &amp; Grambsch (2000, §7.2). With I the information at β̂ and Uᵢ the score residual
/// of member i (per unit weight), V = I⁻¹ (Σ_c Σ_{i∈c} wᵢUᵢ)(Σ_{i∈c} wᵢUᵢ)' I⁻¹ over clusters c (each member its own
/// cluster when none are given), which is R's <c>t(D) %*% D</c> for <c>D = residuals(fit, "dfbeta", weighted = TRUE,
/// collapse = cluster)</c>. At an event time with d tied events and weighted sums S₀ = Σ_R w r, S₁ = Σ_R w r x, D₀ and D₁
/// over the tied events, Efron's k-th step (f = k/d) has mean x̄ₖ = (S₁ − f D₁)/(S₀ − f D₀) and hazard increment
/// hₖ = ((Σ_D w)/d)/(S₀ − f D₀) (Breslow, and exact ties: one step, f = 0, h = Σ_D w/S₀). A member with covariates x and
/// r = exp(η), at risk on (entry, time], is charged r Σₖ cₖ hₖ (x − x̄ₖ) at every event time it is at risk at
/// (cₖ = 1 − f at its own event, else 1) and credited x − (1/d) Σₖ x̄ₖ at its event; Uᵢ is credit minus charges, as
/// R's <c>residuals(fit, "score")</c>. With H(T) = Σ_{t ≤ T} Σₖ hₖ and G(T) = Σ_{t ≤ T} Σₖ hₖ x̄ₖ the charges are
/// r (x (H(time) − H(entry)) − (G(time) − G(entry))), O(p) per member. Members of a counting-table row who leave the
/// same way (event, or censoring) have the same residual, so without clusters a row adds its two classes with their
/// Σ w², as the rows' <see cref="CoxRows.Squares"/> give them.
/// </remarks>
internal static class CoxRobustVariance
{
    /// <summary>I⁻¹ (Σ_c u_c u_c') I⁻¹ at β̂.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="beta">β̂.</param>
    /// <param name="ties">The fit's ties method.</param>
    /// <param name="naiveVariance">I(β̂)⁻¹, row-major (zero rows and columns for aliased columns).</param>
    public static double[] Compute(CoxRows rows, double[] beta, TieMethod ties, double[] naiveVariance)
    {
        var p = rows.Width;
        var meat = Meat(rows, beta, ties, out _);
        var bread = Matrix<double>.Build.DenseOfRowMajor(p, p, naiveVariance);
        return (bread * Matrix<double>.Build.DenseOfRowMajor(p, p, meat) * bread).ToRowMajorArray();
    }

    /// <summary>
    /// R's robust score test (<c>fit$rscore</c>): u'V⁻u at β = 0, with u = Σ wᵢUᵢ the score and V = Σ_c u_c u_c' the
    /// clusters' outer products of the score residuals, over the kept (not aliased) columns.
    /// </summary>
    public static double? ScoreTest(CoxRows rows, TieMethod ties, int[] kept)
    {
        var p = rows.Width;
        var meat = Meat(rows, new double[p], ties, out var score);
        var q = kept.Length;
        var sub = new double[q * q];
        for (var a = 0; a < q; a++)
            for (var b = 0; b < q; b++) sub[a * q + b] = meat[kept[a] * p + kept[b]];
        var decomposition = new SingularCholesky(sub, q);
        var u = kept.Select(c => score[c]).ToArray();
        var solution = decomposition.Solve(u);
        var sum = 0.0;
        for (var a = 0; a < q; a++) sum += u[a] * solution[a];
        return double.IsFinite(sum) ? sum : null;
    }

    /// <summary>Σ_c u_c u_c' over clusters (classes without them), row-major; and the score Σ wᵢUᵢ.</summary>
    private static double[] Meat(CoxRows rows, double[] beta, TieMethod ties, out double[] score)
    {
        var p = rows.Width;
        var meat = new double[p * p];
        score = new double[p];
        var clusters = rows.Cluster is null ? null : new double[rows.ClusterCount * p];
        var (eventResidual, censoredResidual) = (new double[p], new double[p]);
        var eta = new double[rows.Count];
        rows.LinearPredictor(beta, eta);
        var starts = rows.StratumStarts;
        for (var s = 0; s + 1 < starts.Length; s++)
        {
            var times = EventTimes.Of(rows, eta, starts[s], starts[s + 1], ties);
            for (var k = starts[s]; k < starts[s + 1]; k++)
            {
                times.Residuals(rows, k, Math.Exp(eta[k]), eventResidual, censoredResidual);
                var (eventWeight, censoredWeight) = (rows.EventWeight[k], rows.Weight[k] - rows.EventWeight[k]);
                for (var c = 0; c < p; c++) score[c] += eventWeight * eventResidual[c] + censoredWeight * censoredResidual[c];
                if (clusters is not null)
                {
                    // A row of one: its own class only.
                    var residual = rows.Events[k] > 0 ? eventResidual : censoredResidual;
                    var sum = clusters.AsSpan(rows.Cluster![k] * p, p);
                    for (var c = 0; c < p; c++) sum[c] += rows.Weight[k] * residual[c];
                    continue;
                }
                var (eventSquares, censoredSquares) = rows.Squares(k);
                AddOuter(meat, eventResidual, eventSquares);
                AddOuter(meat, censoredResidual, censoredSquares);
            }
        }
        for (var c = 0; clusters is not null && c < rows.ClusterCount; c++) AddOuter(meat, clusters.AsSpan(c * p, p), 1);
        return meat;
    }

    private static void AddOuter(double[] meat, ReadOnlySpan<double> vector, double weight)
    {
        if (weight == 0) return;
        var m = vector.Length;
        for (var a = 0; a < m; a++)
            for (var b = 0; b < m; b++) meat[a * m + b] += weight * vector[a] * vector[b];
    }

    /// <summary>
    /// One stratum's event times from the earliest, with the cumulative charges H and G through each, and each
    /// time's own-event charges (the (1 − f)-weighted versions) and mean x̄.
    /// </summary>
    private sealed class EventTimes
    {
        private readonly int _p;
        private readonly List<double> _time = [];
        private readonly List<double> _h = [], _ownH = [];
        private readonly List<double[]> _g = [], _ownG = [], _mean = [];

        private EventTimes(int p) => _p = p;

        /// <summary>The event times of rows [start, end) by one sweep from the latest, then cumulated from the earliest.</summary>
        public static EventTimes Of(CoxRows rows, double[] eta, int start, int end, TieMethod ties)
        {
            var p = rows.Width;
            var result = new EventTimes(p);
            var s0 = 0.0;
            var s1 = new double[p];
            var entry = rows.Entry;
            var byEntry = rows.ByEntry;
            var nextEntry = start;
            var position = start;
            while (position < end)
            {
                var t = rows.Time[position];
                for (; entry is not null && nextEntry < end && entry[byEntry![nextEntry]] >= t; nextEntry++)
                {
                    var leaving = byEntry[nextEntry];
                    if (rows.Table is null && leaving >= position) continue;
                    var joining = rows.EntryWeight(leaving) * Math.Exp(eta[leaving]);
                    s0 -= joining;
                    var x = rows.Row(leaving);
                    for (var c = 0; c < p; c++) s1[c] -= joining * x[c];
                }
                double d0 = 0, deathWeight = 0;
                var d1 = new double[p];
                var deaths = 0;
                for (; position < end && rows.Time[position] == t; position++)
                {
                    var exp = Math.Exp(eta[position]);
                    var wr = rows.Weight[position] * exp;
                    var dr = rows.EventWeight[position] * exp;
                    var x = rows.Row(position);
                    s0 += wr;
                    d0 += dr;
                    for (var c = 0; c < p; c++)
                    {
                        s1[c] += wr * x[c];
                        d1[c] += dr * x[c];
                    }
                    deaths += rows.Events[position];
                    deathWeight += rows.EventWeight[position];
                }
                if (deaths > 0) result.Add(t, s0, s1, d0, d1, deaths, deathWeight, ties);
            }
            result.Cumulate();
            return result;
        }

        private void Add(double t, double s0, double[] s1, double d0, double[] d1, int deaths, double deathWeight, TieMethod ties)
        {
            var steps = ties == TieMethod.Efron ? deaths : 1;
            var stepWeight = deathWeight / steps;
            double h = 0, ownH = 0;
            double[] g = new double[_p], ownG = new double[_p], mean = new double[_p];
            for (var k = 0; k < steps; k++)
            {
                var f = (double)k / steps;
                var denominator = s0 - f * d0;
                var hk = stepWeight / denominator;
                h += hk;
                ownH += (1 - f) * hk;
                for (var c = 0; c < _p; c++)
                {
                    var xbar = (s1[c] - f * d1[c]) / denominator;
                    g[c] += hk * xbar;
                    ownG[c] += (1 - f) * hk * xbar;
                    mean[c] += xbar / steps;
                }
            }
            _time.Add(t);
            _h.Add(h);
            _g.Add(g);
            _ownH.Add(ownH);
            _ownG.Add(ownG);
            _mean.Add(mean);
        }

        /// <summary>Reverses the times to ascending order and turns the increments H and G into cumulative sums.</summary>
        private void Cumulate()
        {
            foreach (var list in new IList<double>[] { _time, _h, _ownH }) ((List<double>)list).Reverse();
            _g.Reverse();
            _ownG.Reverse();
            _mean.Reverse();
            for (var j = 1; j < _time.Count; j++)
            {
                _h[j] += _h[j - 1];
                for (var c = 0; c < _p; c++) _g[j][c] += _g[j - 1][c];
            }
        }

        /// <summary>The index of the last event time at or before <paramref name="t"/>; −1 when none is.</summary>
        private int AtOrBefore(double t)
        {
            var index = _time.BinarySearch(t);
            return index >= 0 ? index : ~index - 1;
        }

        /// <summary>Row k's residuals per unit weight: of a member with an event at its time, and of one censored then.</summary>
        public void Residuals(CoxRows rows, int k, double r, double[] asEvent, double[] asCensored)
        {
            var x = rows.Row(k);
            var t = rows.Time[k];
            var last = AtOrBefore(t);
            var first = rows.Entry is { } entry && rows.Table is null ? AtOrBefore(entry[k]) : -1;
            var isEventTime = last >= 0 && _time[last] == t;
            for (var c = 0; c < _p; c++)
            {
                var hEntry = first >= 0 ? _h[first] : 0;
                var gEntry = first >= 0 ? _g[first][c] : 0;
                var h = last >= 0 ? _h[last] : 0;
                var g = last >= 0 ? _g[last][c] : 0;
                asCensored[c] = -r * (x[c] * (h - hEntry) - (g - gEntry));
                if (!isEventTime)
                {
                    asEvent[c] = asCensored[c];
                    continue;
                }
                // An event now: this time's full charge is replaced by the own event's, and the event is credited.
                var here = _h[last] - (last > 0 ? _h[last - 1] : 0);
                var gHere = _g[last][c] - (last > 0 ? _g[last - 1][c] : 0);
                asEvent[c] = asCensored[c] + r * (x[c] * here - gHere) - r * (x[c] * _ownH[last] - _ownG[last][c]) + x[c] - _mean[last][c];
            }
        }
    }
}
