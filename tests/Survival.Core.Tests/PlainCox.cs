using Survival.Core.Cox;

namespace Survival.Core.Tests;

/// <summary>
/// The Cox model straight from its formulas, for checking the engine's fast path on random data: every sum taken
/// over the risk set of each event time by a loop over the rows, every pair of the concordance visited, the robust
/// variance from each member's score residual. Slow and plain on purpose; no sweep, no Gram matrix, no closed form.
/// </summary>
/// <remarks>
/// A row is at risk at t when entry &lt; t ≤ time (Andersen &amp; Gill 1982). Breslow: log L = Σ_t [Σ_D w η − (Σ_D w)
/// log S₀]; Efron: the d tied events leave the denominator in d steps S₀ − (k/d)D₀, each counted (Σ_D w)/d times;
/// exact: log Σ over every d-subset of the risk set of exp(Σ η) (Therneau &amp; Grambsch 2000, §3.3). U and I are the
/// derivatives of the same sums. The score residual of a member (Therneau &amp; Grambsch §7.2) is its event's
/// x − x̄ minus, at every event time it is at risk at, r h (x − x̄) per Efron step, its own event's steps weighted
/// 1 − k/d. The times must be exact (no timefix).
/// </remarks>
internal static class PlainCox
{
    /// <summary>One row: at risk on (entry, time], an event at time or not, its weight, covariates, stratum and cluster.</summary>
    public sealed record Row(double Entry, double Time, bool Event, double Weight, double[] X, int Stratum, int Cluster);

    public static (double LogLikelihood, double[] Score, double[,] Information) Evaluate(IReadOnlyList<Row> rows, double[] beta, TieMethod ties)
    {
        var p = beta.Length;
        var score = new double[p];
        var information = new double[p, p];
        var logLikelihood = 0.0;
        foreach (var (riskSet, deaths) in EventTimes(rows))
        {
            var d = deaths.Count;
            var deathWeight = deaths.Sum(i => rows[i].Weight);
            foreach (var i in deaths)
            {
                logLikelihood += rows[i].Weight * Eta(rows[i], beta);
                for (var a = 0; a < p; a++) score[a] += rows[i].Weight * rows[i].X[a];
            }
            if (ties == TieMethod.Exact && d > 1)
            {
                var (log, mean, covariance) = ExactMoments(rows, riskSet, d, beta);
                logLikelihood -= log;
                for (var a = 0; a < p; a++)
                {
                    score[a] -= mean[a];
                    for (var b = 0; b < p; b++) information[a, b] += covariance[a, b];
                }
                continue;
            }
            var steps = ties == TieMethod.Efron ? d : 1;
            var stepWeight = ties == TieMethod.Efron ? deathWeight / d : deathWeight;
            for (var k = 0; k < steps; k++)
            {
                var f = (double)k / steps;
                var (s0, s1, s2) = Sums(rows, riskSet, deaths, f, beta);
                logLikelihood -= stepWeight * Math.Log(s0);
                for (var a = 0; a < p; a++)
                {
                    score[a] -= stepWeight * s1[a] / s0;
                    for (var b = 0; b < p; b++) information[a, b] += stepWeight * (s2[a, b] / s0 - s1[a] * s1[b] / (s0 * s0));
                }
            }
        }
        return (logLikelihood, score, information);
    }

    /// <summary>I⁻¹ (Σ_c u_c u_c') I⁻¹, u_c the weighted score residuals summed over cluster c (each row its own without clusters).</summary>
    public static double[,] RobustVariance(IReadOnlyList<Row> rows, double[] beta, TieMethod ties, double[,] naive)
    {
        var p = beta.Length;
        var residual = new double[rows.Count, p];
        foreach (var (riskSet, deaths) in EventTimes(rows))
        {
            var d = deaths.Count;
            var steps = ties == TieMethod.Efron ? d : 1;
            var stepWeight = deaths.Sum(i => rows[i].Weight) / steps;
            for (var k = 0; k < steps; k++)
            {
                var f = (double)k / steps;
                var (s0, s1, _) = Sums(rows, riskSet, deaths, f, beta);
                var h = stepWeight / s0;
                foreach (var i in riskSet)
                {
                    var own = deaths.Contains(i) ? 1 - f : 1;
                    var r = Math.Exp(Eta(rows[i], beta));
                    for (var a = 0; a < p; a++) residual[i, a] -= own * r * h * (rows[i].X[a] - s1[a] / s0);
                }
                foreach (var i in deaths)
                {
                    for (var a = 0; a < p; a++) residual[i, a] += (rows[i].X[a] - s1[a] / s0) / steps;
                }
            }
        }
        var clusters = rows.Max(r => r.Cluster) + 1;
        var sums = new double[clusters, p];
        for (var i = 0; i < rows.Count; i++)
            for (var a = 0; a < p; a++) sums[rows[i].Cluster, a] += rows[i].Weight * residual[i, a];
        var meat = new double[p, p];
        for (var c = 0; c < clusters; c++)
            for (var a = 0; a < p; a++)
                for (var b = 0; b < p; b++) meat[a, b] += sums[c, a] * sums[c, b];
        return Multiply(Multiply(naive, meat), naive);
    }

    /// <summary>Harrell's C with R's conventions and its infinitesimal-jackknife standard error, pair by pair.</summary>
    public static (double Concordance, double StdError, double Concordant, double Discordant, double Tied) Concordance(
        IReadOnlyList<Row> rows, double[] eta)
    {
        var n = rows.Count;
        double concordant = 0, discordant = 0, tied = 0;
        var net = new double[n];
        var pairs = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (!rows[i].Event) continue;
            for (var j = 0; j < n; j++)
            {
                // j at risk at i's event: later, or censored at it; entered before it; same stratum.
                if (i == j || rows[j].Stratum != rows[i].Stratum) continue;
                var atRisk = rows[j].Time > rows[i].Time || (rows[j].Time == rows[i].Time && !rows[j].Event);
                if (!atRisk || rows[j].Entry >= rows[i].Time) continue;
                var weight = rows[i].Weight * rows[j].Weight;
                var sign = eta[i] > eta[j] ? 1 : eta[i] < eta[j] ? -1 : 0;
                if (sign > 0) concordant += weight;
                else if (sign < 0) discordant += weight;
                else tied += weight;
                net[i] += sign * rows[j].Weight;
                net[j] += sign * rows[i].Weight;
                pairs[i] += rows[j].Weight;
                pairs[j] += rows[i].Weight;
            }
        }
        var total = concordant + discordant + tied;
        var somers = (concordant - discordant) / total;
        var clusters = new double[rows.Max(r => r.Cluster) + 1];
        for (var k = 0; k < n; k++) clusters[rows[k].Cluster] += rows[k].Weight * (net[k] / total - somers / total * pairs[k]);
        return ((somers + 1) / 2, Math.Sqrt(clusters.Sum(c => c * c) / 4), concordant, discordant, tied);
    }

    /// <summary>Each distinct event time's risk set and events, within strata.</summary>
    private static IEnumerable<(List<int> RiskSet, List<int> Deaths)> EventTimes(IReadOnlyList<Row> rows)
    {
        foreach (var stratum in rows.Select(r => r.Stratum).Distinct())
        {
            foreach (var t in rows.Where(r => r.Stratum == stratum && r.Event).Select(r => r.Time).Distinct().Order())
            {
                var riskSet = Enumerable.Range(0, rows.Count)
                    .Where(i => rows[i].Stratum == stratum && rows[i].Entry < t && t <= rows[i].Time).ToList();
                yield return (riskSet, [.. riskSet.Where(i => rows[i].Event && rows[i].Time == t)]);
            }
        }
    }

    private static double Eta(Row row, double[] beta) => row.X.Zip(beta).Sum(p => p.First * p.Second);

    /// <summary>S₀, S₁, S₂ of the risk set less the fraction f of the tied events.</summary>
    private static (double S0, double[] S1, double[,] S2) Sums(IReadOnlyList<Row> rows, List<int> riskSet, List<int> deaths, double f, double[] beta)
    {
        var p = beta.Length;
        double s0 = 0;
        var s1 = new double[p];
        var s2 = new double[p, p];
        foreach (var i in riskSet)
        {
            var share = deaths.Contains(i) ? 1 - f : 1;
            var r = share * rows[i].Weight * Math.Exp(Eta(rows[i], beta));
            s0 += r;
            for (var a = 0; a < p; a++)
            {
                s1[a] += r * rows[i].X[a];
                for (var b = 0; b < p; b++) s2[a, b] += r * rows[i].X[a] * rows[i].X[b];
            }
        }
        return (s0, s1, s2);
    }

    /// <summary>log Σ_S exp(Σ_S η) over every d-subset of the risk set, and the mean and covariance of Σ_S x.</summary>
    private static (double Log, double[] Mean, double[,] Covariance) ExactMoments(IReadOnlyList<Row> rows, List<int> riskSet, int d, double[] beta)
    {
        var p = beta.Length;
        double total = 0;
        var first = new double[p];
        var second = new double[p, p];
        foreach (var subset in Subsets(riskSet, d))
        {
            var sum = new double[p];
            foreach (var i in subset)
                for (var a = 0; a < p; a++) sum[a] += rows[i].X[a];
            var weight = Math.Exp(sum.Zip(beta).Sum(q => q.First * q.Second));
            total += weight;
            for (var a = 0; a < p; a++)
            {
                first[a] += weight * sum[a];
                for (var b = 0; b < p; b++) second[a, b] += weight * sum[a] * sum[b];
            }
        }
        var mean = first.Select(v => v / total).ToArray();
        var covariance = new double[p, p];
        for (var a = 0; a < p; a++)
            for (var b = 0; b < p; b++) covariance[a, b] = second[a, b] / total - mean[a] * mean[b];
        return (Math.Log(total), mean, covariance);
    }

    private static IEnumerable<List<int>> Subsets(List<int> items, int size)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }
        for (var i = 0; i <= items.Count - size; i++)
        {
            foreach (var rest in Subsets(items.GetRange(i + 1, items.Count - i - 1), size - 1)) yield return [items[i], .. rest];
        }
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var (n, m, k) = (a.GetLength(0), b.GetLength(1), a.GetLength(1));
        var product = new double[n, m];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < m; j++)
                for (var l = 0; l < k; l++) product[i, j] += a[i, l] * b[l, j];
        return product;
    }
}
