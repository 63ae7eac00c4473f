using Survival.Core.Numerics;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// The step of Wang's constrained Newton method: the nonnegative least-squares problem that maximizes the quadratic
/// approximation of the log-likelihood at the current masses over the candidate support, solved by the active-set
/// method of Lawson &amp; Hanson (1974, ch. 23) started from the current support.
/// </summary>
/// <remarks>
/// With S_i(x) = Σ_{k∈K, First_i ≤ k ≤ Last_i} x_k / P_i, the second-order expansion of ℓ(x) − N Σx at the current p
/// (where S_i(p) = 1) is, up to a constant, −½ Σ_i w_i (S_i(x) − 2)² − N Σ_k x_k (Wang 2007, JRSS B 69:185, eq. 6, with the
/// sum constraint taken by its Lagrange multiplier N). Minimize
/// <code>
/// f(x) = ½ Σ_i w_i (S_i(x) − 2)² + N Σ_k x_k     over x ≥ 0 on the candidates K.
/// </code>
/// On a passive set the unconstrained minimizer is found in the cumulative coordinates X_k = Σ_{l≤k} x_l, in which a row
/// is X_hi − X_lo (its last passive point and the last one before it): the normal equations
/// Σ_i (w_i/P_i²) v_i v_iᵀ X = Σ_i (2w_i/P_i) v_i − N e_last, v_i = e_hi − e_lo, have a matrix whose row hi reaches back
/// only to the rows' lo, so <see cref="SkylineCholesky"/> solves them in about the time of reading the rows (right-censored
/// rows all end at the last point, which is one dense last row). Wang (2008, CSDA 52:2388) reduces the dimension the same
/// way: only the support's cumulative masses enter.
/// </remarks>
internal sealed class ConstrainedNewtonStep(TurnbullLikelihood likelihood)
{
    /// <summary>Largest number of passive-set changes before the step is taken as it is.</summary>
    private const int MaxChanges = 10_000;

    private readonly int[] _rankBefore = new int[likelihood.IntervalCount + 1];
    private readonly int[] _lo = new int[likelihood.First.Length];
    private readonly int[] _hi = new int[likelihood.First.Length];
    private readonly double[] _difference = new double[likelihood.IntervalCount + 1];

    /// <summary>
    /// The minimizer x ≥ 0 of f over <paramref name="candidates"/> (sorted interval indices), starting from the passive
    /// set where <paramref name="x"/> &gt; 0; x is overwritten with the solution.
    /// </summary>
    public void Solve(int[] candidates, double[] x, double[] probabilities, double tolerance)
    {
        // The new candidates start passive too: most of them take mass, and those that want none leave at once, with no
        // move of the others, so that the points the gradient proposes cost one solve together rather than one each.
        var passive = new bool[candidates.Length];
        var fresh = new bool[candidates.Length];
        for (var k = 0; k < candidates.Length; k++) passive[k] = fresh[k] = x[k] == 0;
        for (var k = 0; k < candidates.Length; k++) passive[k] |= x[k] > 0;
        var z = new double[candidates.Length];
        var entering = -1;
        for (var change = 0; change < MaxChanges; change++)
        {
            var failed = Minimize(candidates, passive, probabilities, z);
            if (failed >= 0)
            {
                // The passive points cannot all be told apart by the rows: drop the one without a pivot.
                passive[failed] = false;
                x[failed] = 0;
                continue;
            }
            var leaving = false;
            for (var k = 0; k < candidates.Length; k++)
            {
                if (!fresh[k] || !passive[k]) continue;
                fresh[k] = false;
                if (z[k] > 0) continue;
                passive[k] = false;
                leaving = true;
            }
            if (leaving) continue;
            var (alpha, blocking) = (1.0, -1);
            for (var k = 0; k < candidates.Length; k++)
            {
                if (!passive[k] || z[k] > 0) continue;
                var ratio = x[k] / (x[k] - z[k]);
                if (blocking < 0 || ratio < alpha) (alpha, blocking) = (ratio, k);
            }
            if (blocking < 0)
            {
                for (var k = 0; k < candidates.Length; k++) x[k] = passive[k] ? z[k] : 0;
                entering = NextEntering(candidates, passive, x, probabilities, tolerance);
                if (entering < 0) return;
                passive[entering] = true;
                continue;
            }
            if (entering >= 0 && z[entering] <= 0 && alpha == 0)
            {
                // Rounding would cycle: the point that just entered does not want mass after all.
                passive[entering] = false;
                for (var k = 0; k < candidates.Length; k++) if (!passive[k]) x[k] = 0;
                return;
            }
            // Move towards z until the first passive mass reaches 0, and let those at 0 go.
            for (var k = 0; k < candidates.Length; k++)
            {
                if (!passive[k]) continue;
                x[k] = k == blocking ? 0 : x[k] + alpha * (z[k] - x[k]);
                if (x[k] <= 0)
                {
                    x[k] = 0;
                    passive[k] = false;
                }
            }
            entering = -1;
        }
    }

    /// <summary>The candidate off the passive set along which f falls fastest, or −1 when none falls by more than the tolerance.</summary>
    private int NextEntering(int[] candidates, bool[] passive, double[] x, double[] probabilities, double tolerance)
    {
        // ∂f/∂x_k = Σ_{rows containing k} w_i (S_i(x) − 2)/P_i + N, summed over rows by a difference array.
        var (first, last, weights) = (likelihood.First, likelihood.Last, likelihood.Weights);
        var cumulativeX = CumulativeByInterval(candidates, x);
        Array.Clear(_difference);
        for (var i = 0; i < first.Length; i++)
        {
            if (weights[i] == 0) continue;
            var covered = cumulativeX[last[i] + 1] - cumulativeX[first[i]];
            var share = weights[i] * (covered / probabilities[i] - 2) / probabilities[i];
            _difference[first[i]] += share;
            _difference[last[i] + 1] -= share;
        }
        var (best, bestSlope) = (-1, -tolerance);
        var running = 0.0;
        var next = 0;
        for (var j = 0; j < likelihood.IntervalCount && next < candidates.Length; j++)
        {
            running += _difference[j];
            if (candidates[next] != j) continue;
            var slope = running + likelihood.Total;
            if (!passive[next] && slope < bestSlope) (best, bestSlope) = (next, slope);
            next++;
        }
        return best;
    }

    /// <summary>Σ_{candidates k with index &lt; j} x_k for every interval index j (length m + 1).</summary>
    private double[] CumulativeByInterval(int[] candidates, double[] x)
    {
        var cumulative = new double[likelihood.IntervalCount + 1];
        var (sum, next) = (0.0, 0);
        for (var j = 0; j <= likelihood.IntervalCount; j++)
        {
            cumulative[j] = sum;
            if (next < candidates.Length && candidates[next] == j) sum += x[next++];
        }
        return cumulative;
    }

    /// <summary>
    /// The unconstrained minimizer of f on the passive candidates, into <paramref name="z"/> (0 elsewhere); returns −1,
    /// or the candidate whose pivot vanished.
    /// </summary>
    private int Minimize(int[] candidates, bool[] passive, double[] probabilities, double[] z)
    {
        var positions = new List<int>(candidates.Length);
        for (var k = 0; k < candidates.Length; k++) if (passive[k]) positions.Add(k);
        var size = positions.Count;
        Array.Clear(z);
        if (size == 0) return -1;

        // rank[j] = passive points with interval index < j; a row's hi and lo are ranks less one.
        var (rank, next) = (0, 0);
        for (var j = 0; j <= likelihood.IntervalCount; j++)
        {
            _rankBefore[j] = rank;
            if (next < size && candidates[positions[next]] == j)
            {
                rank++;
                next++;
            }
        }
        var (first, last, weights) = (likelihood.First, likelihood.Last, likelihood.Weights);
        var envelope = new int[size];
        for (var k = 0; k < size; k++) envelope[k] = k;
        for (var i = 0; i < first.Length; i++)
        {
            _lo[i] = _rankBefore[first[i]] - 1;
            _hi[i] = _rankBefore[last[i] + 1] - 1;
            if (weights[i] > 0 && _hi[i] > _lo[i] && _lo[i] >= 0 && _lo[i] < envelope[_hi[i]]) envelope[_hi[i]] = _lo[i];
        }
        var offset = new int[size];
        var length = 0;
        for (var k = 0; k < size; k++)
        {
            offset[k] = length;
            length += k - envelope[k] + 1;
        }
        var matrix = new double[length];
        var rhs = new double[size];
        for (var i = 0; i < first.Length; i++)
        {
            var (lo, hi) = (_lo[i], _hi[i]);
            if (weights[i] == 0 || hi <= lo) continue;
            var curvature = weights[i] / (probabilities[i] * probabilities[i]);
            var pull = 2 * weights[i] / probabilities[i];
            matrix[offset[hi] + hi - envelope[hi]] += curvature;
            rhs[hi] += pull;
            if (lo < 0) continue;
            matrix[offset[lo] + lo - envelope[lo]] += curvature;
            matrix[offset[hi] + lo - envelope[hi]] -= curvature;
            rhs[lo] -= pull;
        }
        rhs[size - 1] -= likelihood.Total;

        var cholesky = new SkylineCholesky(envelope, offset, matrix);
        var failed = cholesky.Factorize();
        if (failed >= 0) return positions[failed];
        cholesky.Solve(rhs);
        var previous = 0.0;
        for (var k = 0; k < size; k++)
        {
            z[positions[k]] = rhs[k] - previous;
            previous = rhs[k];
        }
        return -1;
    }
}
