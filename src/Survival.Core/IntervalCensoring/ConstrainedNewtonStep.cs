using Survival.Core.Numerics;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// The step of Wang's constrained Newton method: the nonnegative least-squares problem that maximizes the quadratic
/// approximation of the log-likelihood at the current masses over the candidate support, solved by block principal
/// pivoting started from the current support.
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
    /// <summary>Rounds of exchanges before the step is taken as it is (the backup rule ends far sooner).</summary>
    private const int MaxRounds = 1_000;

    /// <summary>
    /// How far below 0, in units of the passive values' total, a passive value may lie and still count as 0: each is a
    /// difference of two cumulative sums of that size, so it carries a rounding error of a few ε of it. Without this floor
    /// a point at a degenerate vertex — passive it solves to −ε/2, held at 0 its slope is a rounding-level negative —
    /// flips for ever (a 10-million-subject registry spent 2 s in 1,000 such rounds).
    /// </summary>
    private const double RoundingFloor = 64 * 2.220446049250313e-16;   // 64 ε, ε = 2⁻⁵²

    private readonly int[] _rankBefore = new int[likelihood.IntervalCount + 1];
    private readonly int[] _lo = new int[likelihood.First.Length];
    private readonly int[] _hi = new int[likelihood.First.Length];
    private readonly double[] _difference = new double[likelihood.IntervalCount + 1];
    private readonly double[] _cumulativeX = new double[likelihood.IntervalCount + 1];

    // The normal equations' buffers, kept between solves: a large envelope would otherwise be a fresh large-object
    // allocation at every change of the passive set.
    private int[] _envelope = [], _offset = [], _positions = [];
    private double[] _matrix = [], _rhs = [];

    /// <summary>
    /// The minimizer x ≥ 0 of f over <paramref name="candidates"/> (sorted interval indices), starting from every
    /// candidate passive; x is overwritten with the solution.
    /// </summary>
    /// <remarks>
    /// Block principal pivoting (Júdice &amp; Pires 1994; Kim &amp; Park 2011, SIAM J Sci Comput 33:3261): solve on the passive
    /// set, and exchange at once every variable that breaks a condition — a passive one below 0, or an active one whose
    /// slope ∂f/∂x_k is below 0 — falling back to Murty's single exchange of the last such variable when the number of
    /// infeasible ones has not fallen for three rounds (which makes it finite). A bootstrap replicate's support differs
    /// from the full data's by tens of points, which one exchange moves together where the one-at-a-time active-set
    /// method of Lawson &amp; Hanson (1974, ch. 23) would take tens of solves.
    /// </remarks>
    public void Solve(int[] candidates, double[] x, double[] probabilities, double tolerance)
    {
        var passive = new bool[candidates.Length];
        Array.Fill(passive, true);
        // A point dropped because the rows cannot tell it from its neighbours stays out, so that no exchange brings it back.
        var singular = new bool[candidates.Length];
        var z = new double[candidates.Length];
        var slope = new double[candidates.Length];
        var (fewest, chances) = (int.MaxValue, 3);
        for (var round = 0; round < MaxRounds; round++)
        {
            var failed = Minimize(candidates, passive, probabilities, z);
            if (failed >= 0)
            {
                // The passive points cannot all be told apart by the rows: drop the one without a pivot.
                passive[failed] = false;
                singular[failed] = true;
                continue;
            }
            Slopes(candidates, z, probabilities, slope);
            var scale = 0.0;
            foreach (var value in z) scale += Math.Abs(value);
            var floor = RoundingFloor * scale;
            var (infeasible, last) = (0, -1);
            for (var k = 0; k < candidates.Length; k++)
            {
                if (singular[k] || !Breaks(passive[k], z[k], slope[k], tolerance, floor)) continue;
                infeasible++;
                last = k;
            }
            if (infeasible == 0) break;
            if (infeasible < fewest) (fewest, chances) = (infeasible, 3);
            else chances--;
            if (chances <= 0)
            {
                passive[last] = !passive[last];
                continue;
            }
            for (var k = 0; k < candidates.Length; k++)
                if (!singular[k] && Breaks(passive[k], z[k], slope[k], tolerance, floor)) passive[k] = !passive[k];
        }
        for (var k = 0; k < candidates.Length; k++) x[k] = passive[k] ? Math.Max(z[k], 0) : 0;
    }

    /// <summary>
    /// Whether a variable breaks the conditions of the minimum: negative beyond rounding (<paramref name="floor"/>) while
    /// passive, or with f falling along it while held at 0.
    /// </summary>
    private static bool Breaks(bool passive, double value, double slope, double tolerance, double floor) =>
        passive ? value < -floor : slope < -tolerance;

    /// <summary>∂f/∂x_k at <paramref name="x"/> for every candidate: Σ_{rows containing k} w_i (S_i(x) − 2)/P_i + N, by a difference array.</summary>
    private void Slopes(int[] candidates, double[] x, double[] probabilities, double[] slope)
    {
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
        var (running, next) = (0.0, 0);
        for (var j = 0; j < likelihood.IntervalCount && next < candidates.Length; j++)
        {
            running += _difference[j];
            if (candidates[next] == j) slope[next++] = running + likelihood.Total;
        }
    }

    /// <summary>Σ_{candidates k with index &lt; j} x_k for every interval index j (length m + 1).</summary>
    private double[] CumulativeByInterval(int[] candidates, double[] x)
    {
        var cumulative = _cumulativeX;
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
        Grow(ref _positions, candidates.Length);
        var positions = _positions;
        var size = 0;
        for (var k = 0; k < candidates.Length; k++) if (passive[k]) positions[size++] = k;
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
        Grow(ref _envelope, size);
        Grow(ref _offset, size);
        Grow(ref _rhs, size);
        var (envelope, offset, rhs) = (_envelope, _offset, _rhs);
        for (var k = 0; k < size; k++) envelope[k] = k;
        for (var i = 0; i < first.Length; i++)
        {
            _lo[i] = _rankBefore[first[i]] - 1;
            _hi[i] = _rankBefore[last[i] + 1] - 1;
            if (weights[i] > 0 && _hi[i] > _lo[i] && _lo[i] >= 0 && _lo[i] < envelope[_hi[i]]) envelope[_hi[i]] = _lo[i];
        }
        var length = 0;
        for (var k = 0; k < size; k++)
        {
            offset[k] = length;
            length += k - envelope[k] + 1;
        }
        Grow(ref _matrix, length);
        var matrix = _matrix;
        Array.Clear(matrix, 0, length);
        Array.Clear(rhs, 0, size);
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

        var cholesky = new SkylineCholesky(envelope, offset, matrix, size);
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

    private static void Grow<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[Math.Max(length, 2 * buffer.Length)];
    }
}
