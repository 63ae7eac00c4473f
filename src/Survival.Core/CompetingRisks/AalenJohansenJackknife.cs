using Survival.Core.Counting;

namespace Survival.Core.CompetingRisks;

/// <summary>
/// The Aalen–Johansen estimate of one group (the Kaplan–Meier estimate when there is one cause) from the cohort's own
/// rows, with the infinitesimal-jackknife variances R's <c>survfit</c> reports for rows with delayed entry, case
/// weights and subjects of several rows: what the counting table's counts by time cannot give, since a row's influence
/// depends on its entry and its exit together.
/// </summary>
/// <remarks>
/// At each distinct exit time t_j, with n_j = Σ w of the rows at risk (entry &lt; t_j ≤ time) and d_jc = Σ w of the
/// events of cause c (d_j over all causes), S_j = S_{j−1}(1 − d_j/n_j), F_c,j = F_c,j−1 + S_{j−1}d_jc/n_j and
/// H_j = H_{j−1} + d_j/n_j (Aalen &amp; Johansen 1978). The influence of a row of unit weight, at risk from entry index k
/// (its entry among the processed times) to its exit index m in state s (0 censored), follows by differentiating the
/// recursions; with g_l = d_l/(n_l(n_l − d_l)) (0 where n_l = d_l), A(j) = Σ_{l≤j} g_l, B_c(j) = Σ_{l≤j} g_l F_c,l,
/// C_c(j) = Σ_{l≤j} S_{l−1}d_lc/n_l², G_c = F_c A − B_c − C_c and L(j) = Σ_{l≤j} d_l/n_l²:
/// <code>
///                at risk at t_j (k &lt; j ≤ m)            after its exit (j &gt; m)
/// ∂log S(t_j)    A(j) − A(k)                        u = A(m) − A(k) − [s ≠ 0]/(n_m − d_m)
/// ∂H(t_j)        −(L(j) − L(k))                      −(L(m) − L(k)) + [s ≠ 0]/n_m
/// ∂F_c(t_j)      G_c(j) − A(k)F_c(j) + B_c(k) + C_c(k)    u F_c(j) + K_c,   K_c = ∂F_c(t_m) − u F_c(m)
/// </code>
/// where ∂F_c(t_m) adds [s = c] S_{m−1}/n_m to the at-risk form at m. Each influence is a fixed combination of a few
/// functions of time (A, L, G_c, F_c and 1) whose coefficients change only when a row enters or leaves, so a
/// cluster's influence — the weighted sum over its rows, R's <c>collapse</c> by id — is such a combination too, and
/// Var = Σ_clusters (Σ_{i∈c} wᵢ ∂ᵢ)² = b(t)' M b(t) with M the running sum over clusters of their coefficients' outer
/// products, updated as rows enter and leave: O((rows + times)·K) in all. Var S = S² Var log S. Each row is its own
/// cluster unless subjects have ids. Times (entries and exits together) are merged as R's <c>aeqSurv</c> merges them.
/// </remarks>
internal sealed class AalenJohansenJackknife
{
    private AalenJohansenJackknife(int causes, int rows)
    {
        Times = new double[rows];
        AtRisk = new int[rows];
        WeightedAtRisk = new double[rows];
        Survival = new double[rows];
        LogSurvivalVariance = new double[rows];
        CumulativeHazardVariance = new double[rows];
        Incidence = [.. Enumerable.Range(0, causes).Select(_ => new double[rows])];
        IncidenceVariance = [.. Enumerable.Range(0, causes).Select(_ => new double[rows])];
    }

    /// <summary>The distinct exit times, increasing.</summary>
    public double[] Times { get; }

    /// <summary>Rows at risk at each time.</summary>
    public int[] AtRisk { get; }

    /// <summary>Σ w of the rows at risk at each time.</summary>
    public double[] WeightedAtRisk { get; }

    /// <summary>S at each time.</summary>
    public double[] Survival { get; }

    /// <summary>Var log S; +∞ once S is 0 (Var S = S² Var log S is then 0, as R's influence on S).</summary>
    public double[] LogSurvivalVariance { get; }

    /// <summary>Var H.</summary>
    public double[] CumulativeHazardVariance { get; }

    /// <summary>F_c at each time, per cause.</summary>
    public double[][] Incidence { get; }

    /// <summary>Var F_c, per cause.</summary>
    public double[][] IncidenceVariance { get; }

    /// <summary>The estimate of group <paramref name="group"/> of <paramref name="rows"/>, with <paramref name="causes"/> causes (1 for Kaplan–Meier).</summary>
    /// <param name="rows">The cohort's rows.</param>
    /// <param name="group">The group, as <see cref="CohortRows.Groups"/> codes it.</param>
    /// <param name="causes">The number of causes; with one, every event is of it.</param>
    public static AalenJohansenJackknife Estimate(CohortRows rows, int group, int causes)
    {
        var members = Enumerable.Range(0, rows.Survival.Count).Where(i => rows.Groups.Codes[i] == group).ToArray();
        var (entry, exit) = MergedTimes(rows, members);
        var events = rows.Survival.Events.ToArray();
        var weights = rows.Survival.Weights.ToArray();
        var state = members.Select(i => !events[i] ? 0 : causes == 1 ? 1 : rows.Causes[i] + 1).ToArray();
        var weight = members.Select(i => weights.Length == 0 ? 1 : weights[i]).ToArray();
        var cluster = new int[members.Length];
        var clusterCount = 0;
        if (rows.Ids is { } ids)
        {
            var index = new Dictionary<int, int>();
            for (var r = 0; r < members.Length; r++)
            {
                if (!index.TryGetValue(ids.Codes[members[r]], out var c)) index.Add(ids.Codes[members[r]], c = index.Count);
                cluster[r] = c;
            }
            clusterCount = index.Count;
        }
        else
        {
            for (var r = 0; r < members.Length; r++) cluster[r] = r;
            clusterCount = members.Length;
        }

        var exits = exit.Distinct().Order().ToArray();
        var result = new AalenJohansenJackknife(causes, exits.Length);
        new Walk(causes, clusterCount).Run(entry, exit, state, weight, cluster, exits, result);
        return result;
    }

    /// <summary>The members' entries (−∞ for none) and exits, merged by timefix over both.</summary>
    private static (double[] Entry, double[] Exit) MergedTimes(CohortRows rows, int[] members)
    {
        var times = rows.Survival.Times.ToArray();
        var entries = rows.Survival.EntryTimes.ToArray();
        var exit = members.Select(i => times[i]).ToArray();
        var entry = members.Select(i => entries.Length == 0 ? double.NegativeInfinity : entries[i]).ToArray();
        var distinct = exit.Concat(entry.Where(double.IsFinite)).Distinct().Order().ToArray();
        if (TimeFix.RunStartsOfDistinct(distinct) is { } runs)
        {
            for (var r = 0; r < exit.Length; r++)
            {
                exit[r] = TimeFix.RunStartOf(runs, exit[r]);
                if (double.IsFinite(entry[r])) entry[r] = TimeFix.RunStartOf(runs, entry[r]);
            }
        }
        return (entry, exit);
    }

    /// <summary>The walk over the times, with each cluster's coefficients and their running outer products.</summary>
    private sealed class Walk(int causes, int clusters)
    {
        /// <summary>Per cluster: log S on (A, 1), H on (L, 1), and each F_c on (G_c, F_c, 1).</summary>
        private readonly double[] _log = new double[2 * clusters], _hazard = new double[2 * clusters], _incidence = new double[3 * causes * clusters];

        /// <summary>Σ_clusters of the outer products of those coefficients.</summary>
        private readonly double[] _logSums = new double[4], _hazardSums = new double[4], _incidenceSums = new double[9 * causes];

        private double _s = 1, _a, _l;

        /// <summary>Whether every row at risk has had its event at some time (n = d): log S is −∞ from then on.</summary>
        private bool _exhausted;
        private readonly double[] _f = new double[causes], _b = new double[causes], _c = new double[causes];

        public void Run(double[] entry, double[] exit, int[] state, double[] weight, int[] cluster, double[] exits, AalenJohansenJackknife into)
        {
            var n = entry.Length;
            var byExit = Enumerable.Range(0, n).OrderBy(r => exit[r]).ToArray();
            var byEntry = Enumerable.Range(0, n).Where(r => double.IsFinite(entry[r])).OrderBy(r => entry[r]).ToArray();
            // Where each row joined: the values of A, L, B_c + C_c and the hazard terms then.
            var joinedA = new double[n];
            var joinedL = new double[n];
            var joinedBc = new double[n * causes];
            double atRiskWeight = 0;
            var atRisk = 0;
            foreach (var r in Enumerable.Range(0, n).Where(r => !double.IsFinite(entry[r])))
            {
                Join(r, weight[r], cluster[r], joinedA, joinedL, joinedBc);
                atRiskWeight += weight[r];
                atRisk++;
            }
            var (nextExit, nextEntry) = (0, 0);
            for (var j = 0; j < exits.Length; j++)
            {
                var t = exits[j];
                // Those who entered before t are at risk at t.
                for (; nextEntry < byEntry.Length && entry[byEntry[nextEntry]] < t; nextEntry++)
                {
                    var r = byEntry[nextEntry];
                    Join(r, weight[r], cluster[r], joinedA, joinedL, joinedBc);
                    atRiskWeight += weight[r];
                    atRisk++;
                }
                var from = nextExit;
                var deaths = new double[causes];
                for (; nextExit < n && exit[byExit[nextExit]] == t; nextExit++)
                {
                    var r = byExit[nextExit];
                    if (state[r] > 0) deaths[state[r] - 1] += weight[r];
                }
                var (sBefore, nj, dj) = (_s, atRiskWeight, deaths.Sum());
                Step(nj, deaths);
                // The rows leaving at t: from the at-risk form to the frozen one.
                for (var e = from; e < nextExit; e++)
                {
                    var r = byExit[e];
                    Leave(r, weight[r], cluster[r], state[r], nj, dj, sBefore, joinedA, joinedL, joinedBc);
                    atRiskWeight -= weight[r];
                    atRisk--;
                }
                Record(j, t, atRisk + (nextExit - from), nj, into);
            }
        }

        /// <summary>Moves the estimates and A, L, B_c, C_c on by one time's n and deaths by cause.</summary>
        private void Step(double n, double[] deaths)
        {
            var d = deaths.Sum();
            var sBefore = _s;
            for (var c = 0; c < causes; c++)
            {
                _f[c] += sBefore * deaths[c] / n;
                _c[c] += sBefore * deaths[c] / (n * n);
            }
            if (d == 0) return;
            _s = sBefore * (1 - d / n);
            _l += d / (n * n);
            var g = n > d ? d / (n * (n - d)) : 0;
            _a += g;
            _exhausted |= n <= d;
            for (var c = 0; c < causes; c++) _b[c] += g * _f[c];
        }

        private void Join(int r, double w, int cluster, double[] joinedA, double[] joinedL, double[] joinedBc)
        {
            var a = _a;
            (joinedA[r], joinedL[r]) = (a, _l);
            Update(_log, _logSums, cluster, 2, [w, -w * a]);
            Update(_hazard, _hazardSums, cluster, 2, [-w, w * _l]);
            for (var c = 0; c < causes; c++)
            {
                joinedBc[r * causes + c] = _b[c] + _c[c];
                Update(_incidence.AsSpan(3 * causes * cluster + 3 * c, 3), _incidenceSums.AsSpan(9 * c, 9), 3, [w, -w * a, w * (_b[c] + _c[c])]);
            }
        }

        /// <summary>Row r leaves at the current time in state s: its at-risk coefficients give way to the frozen ones.</summary>
        private void Leave(int r, double w, int cluster, int s, double n, double d, double sBefore, double[] joinedA, double[] joinedL, double[] joinedBc)
        {
            var a = _a;
            var afterEvent = s != 0 && n > d ? 1 / (n - d) : 0;
            var u = a - joinedA[r] - afterEvent;
            Update(_log, _logSums, cluster, 2, [-w, w * joinedA[r] + w * u]);
            Update(_hazard, _hazardSums, cluster, 2, [w, -w * joinedL[r] - w * (_l - joinedL[r]) + w * (s != 0 ? 1 / n : 0)]);
            for (var c = 0; c < causes; c++)
            {
                var g = _f[c] * a - _b[c] - _c[c];
                var atLeave = g - joinedA[r] * _f[c] + joinedBc[r * causes + c] + (s == c + 1 ? sBefore / n : 0);
                var k = atLeave - u * _f[c];
                // From (1, −A(k), B(k) + C(k)) to (0, u, K).
                Update(_incidence.AsSpan(3 * causes * cluster + 3 * c, 3), _incidenceSums.AsSpan(9 * c, 9), 3,
                    [-w, w * joinedA[r] + w * u, -w * joinedBc[r * causes + c] + w * k]);
            }
        }

        private static void Update(double[] coefficients, double[] sums, int cluster, int size, ReadOnlySpan<double> change) =>
            Update(coefficients.AsSpan(size * cluster, size), sums, size, change);

        /// <summary>Adds <paramref name="change"/> to one cluster's coefficients v, keeping Σ v v' current.</summary>
        private static void Update(Span<double> v, Span<double> sums, int size, ReadOnlySpan<double> change)
        {
            for (var a = 0; a < size; a++)
                for (var b = 0; b < size; b++) sums[a * size + b] -= v[a] * v[b];
            for (var a = 0; a < size; a++) v[a] += change[a];
            for (var a = 0; a < size; a++)
                for (var b = 0; b < size; b++) sums[a * size + b] += v[a] * v[b];
        }

        private static double Quadratic(ReadOnlySpan<double> sums, ReadOnlySpan<double> basis)
        {
            var size = basis.Length;
            var value = 0.0;
            for (var a = 0; a < size; a++)
                for (var b = 0; b < size; b++) value += basis[a] * sums[a * size + b] * basis[b];
            return Math.Max(0, value);
        }

        private void Record(int j, double t, int atRisk, double n, AalenJohansenJackknife into)
        {
            into.Times[j] = t;
            into.AtRisk[j] = atRisk;
            into.WeightedAtRisk[j] = n;
            into.Survival[j] = _s;
            into.LogSurvivalVariance[j] = _exhausted ? double.PositiveInfinity : Quadratic(_logSums, [_a, 1]);
            into.CumulativeHazardVariance[j] = Quadratic(_hazardSums, [_l, 1]);
            for (var c = 0; c < causes; c++)
            {
                into.Incidence[c][j] = _f[c];
                into.IncidenceVariance[c][j] = Quadratic(_incidenceSums.AsSpan(9 * c, 9), [_f[c] * _a - _b[c] - _c[c], _f[c], 1]);
            }
        }
    }
}
