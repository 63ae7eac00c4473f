namespace Survival.Core.IntervalCensoring;

/// <summary>
/// Turnbull's nonparametric maximum-likelihood estimate of the masses on Turnbull's intervals by the constrained Newton
/// method of Wang (2007, 2008): each iteration adds the local maxima of the gradient to the support, takes the
/// constrained Newton step (<see cref="ConstrainedNewtonStep"/>) and a backtracking line search, until the Kuhn–Tucker
/// conditions hold.
/// </summary>
/// <remarks>
/// <code>
/// 1. start: the fewest intervals that meet every row (a greedy stabbing by right ends), each with the weight of the rows
///    it first meets — every P_i &gt; 0;
/// 2. gradient d_j = Σ_{i ∋ j} w_i/P_i − N for every j (<see cref="TurnbullLikelihood"/>);
/// 3. stop when d_j ≤ ε N for every j and |d_j| ≤ ε N on the support (the NPMLE's Kuhn–Tucker conditions);
/// 4. candidates = support ∪ {argmax d over each gap between support points, where it is &gt; 0};
/// 5. x = argmin_{x ≥ 0} ½ Σ_i w_i (S_i(x) − 2)² + N Σ x  over the candidates; x̂ = x / Σx;
/// 6. p ← p + α(x̂ − p), α = 1, ½, ¼, … the first with ℓ(p + αδ) ≥ ℓ(p) + α/3 · dᵀδ (Armijo's rule).
/// </code>
/// Wang, Y. (2007), On fast computation of the non-parametric maximum likelihood estimate of a mixing distribution,
/// JRSS B 69:185–198; Wang, Y. (2008), Dimension-reduced nonparametric maximum likelihood computation for
/// interval-censored data, CSDA 52:2388–2402. The step is Newton's on the support, so the final iterations converge
/// quadratically, and masses off the support are exactly 0 (no threshold decides them). Plain EM (Turnbull's
/// self-consistency iteration) converges linearly and may stop far from the maximum: the tests compare with it.
/// </remarks>
internal static class TurnbullSolver
{
    /// <summary>The Kuhn–Tucker tolerance ε, relative to N.</summary>
    public const double GradientTolerance = 1e-12;

    /// <summary>
    /// The Kuhn–Tucker residual, relative to N, that still counts as converged where rounding stops the iteration short
    /// of <see cref="GradientTolerance"/> (the gradient of a million-subject sample over thousands of rows is summed
    /// with rounding near 1e-12 N): what the tests check and the response promises.
    /// </summary>
    public const double ConvergedTolerance = 1e-10;

    /// <summary>A gain in ℓ smaller than this fraction of |ℓ| is within the rounding of ℓ itself.</summary>
    private const double ResolvableGain = 1e-12;

    /// <summary>The iteration limit.</summary>
    public const int MaxIterations = 500;

    /// <summary>The masses of the NPMLE, started from the stabbing set.</summary>
    /// <param name="intervals">The Turnbull intervals and each row's run of them.</param>
    /// <param name="weights">Each row's weight; a bootstrap replicate's may be 0.</param>
    /// <param name="shape">
    /// Where rows of weight 0 leave neighbouring intervals that no remaining row tells apart, the likelihood sees only
    /// their sum: they are solved as one, and the sum shared out in proportion to these masses (the full data's estimate,
    /// for a bootstrap replicate), or put on the first where null.
    /// </param>
    public static TurnbullSolution Solve(TurnbullIntervals intervals, double[] weights, double[]? shape = null)
    {
        if (intervals.Merge(weights) is { } merged)
        {
            var reduced = Solve(merged.Intervals, weights);
            return reduced with { Masses = merged.Share(reduced.Masses, shape) };
        }
        var likelihood = new TurnbullLikelihood(intervals, weights);
        var m = intervals.Count;
        var n = weights.Length;
        var p = StabbingStart(intervals, weights);
        var probabilities = new double[n];
        var trial = new double[n];
        var gradient = new double[m];
        var step = new ConstrainedNewtonStep(likelihood);
        var total = likelihood.Total;
        var tolerance = GradientTolerance * total;

        var logLikelihood = likelihood.Evaluate(p, probabilities);
        var (iterations, converged, maxGradient) = (0, false, double.PositiveInfinity);
        var (previousResidual, wholeBelowResolution) = (double.PositiveInfinity, false);
        var next = new double[m];
        while (true)
        {
            likelihood.Gradient(probabilities, gradient);
            maxGradient = KuhnTuckerResidual(p, gradient);
            if (maxGradient <= tolerance)
            {
                converged = true;
                break;
            }
            // A step taken whole because its gain was below ℓ's resolution, that did not lower the residual either: rounding
            // now decides, not the method, and further steps would only repeat it until the iteration limit.
            if (wholeBelowResolution && maxGradient >= previousResidual)
            {
                converged = maxGradient <= ConvergedTolerance * total;
                break;
            }
            previousResidual = maxGradient;
            if (iterations == MaxIterations) break;
            iterations++;

            var candidates = Candidates(p, gradient);
            var x = new double[candidates.Length];
            for (var k = 0; k < candidates.Length; k++) x[k] = p[candidates[k]];
            step.Solve(candidates, x, probabilities, tolerance);
            var sum = 0.0;
            foreach (var value in x) sum += value;
            if (!(sum > 0)) break;

            // δ = x̂ − p lives on the candidates, which hold the whole support.
            var slope = 0.0;
            for (var k = 0; k < candidates.Length; k++) slope += gradient[candidates[k]] * (x[k] / sum - p[candidates[k]]);
            var accepted = false;
            for (var (alpha, halvings) = (1.0, 0); halvings < 60; alpha /= 2, halvings++)
            {
                Array.Clear(next);
                for (var k = 0; k < candidates.Length; k++)
                {
                    var j = candidates[k];
                    next[j] = alpha == 1 ? x[k] / sum : p[j] + alpha * (x[k] / sum - p[j]);
                }
                var value = likelihood.Evaluate(next, trial);
                // Once the gain Newton's step promises is below what ℓ can resolve in doubles, the step is taken whole:
                // comparing ℓ would only compare rounding, and the step is then as good as exact.
                var negligible = alpha == 1 && slope <= ResolvableGain * Math.Abs(logLikelihood) && double.IsFinite(value);
                if (negligible || (value >= logLikelihood + alpha / 3 * slope && value >= logLikelihood))
                {
                    (p, next) = (next, p);
                    (probabilities, trial) = (trial, probabilities);
                    logLikelihood = value;
                    accepted = true;
                    wholeBelowResolution = negligible;
                    break;
                }
            }
            // No ascent left within rounding: the conditions hold as well as doubles allow.
            if (!accepted)
            {
                likelihood.Gradient(probabilities, gradient);
                maxGradient = KuhnTuckerResidual(p, gradient);
                converged = maxGradient <= ConvergedTolerance * total;
                break;
            }
        }
        return new TurnbullSolution(p, logLikelihood, iterations, converged, maxGradient / total);
    }

    /// <summary>max(max_j d_j, max_{p_j &gt; 0} |d_j|): 0 exactly at the NPMLE.</summary>
    public static double KuhnTuckerResidual(double[] p, double[] gradient)
    {
        var residual = 0.0;
        for (var j = 0; j < p.Length; j++)
        {
            var violation = p[j] > 0 ? Math.Abs(gradient[j]) : gradient[j];
            if (violation > residual) residual = violation;
        }
        return residual;
    }

    /// <summary>The support, and in each gap before, between and after its points the interval of largest positive gradient.</summary>
    private static int[] Candidates(double[] p, double[] gradient)
    {
        var candidates = new List<int>();
        var (best, bestGradient) = (-1, 0.0);
        for (var j = 0; j < p.Length; j++)
        {
            if (p[j] > 0)
            {
                if (best >= 0) candidates.Add(best);
                candidates.Add(j);
                (best, bestGradient) = (-1, 0.0);
                continue;
            }
            if (gradient[j] > bestGradient) (best, bestGradient) = (j, gradient[j]);
        }
        if (best >= 0) candidates.Add(best);
        return [.. candidates];
    }

    /// <summary>
    /// Masses that give every row a positive probability: rows by increasing last interval, each not yet met puts a point
    /// at its last interval; each point carries the weight of the rows it meets first.
    /// </summary>
    private static double[] StabbingStart(TurnbullIntervals intervals, double[] weights)
    {
        var m = intervals.Count;
        var p = new double[m];
        var order = Enumerable.Range(0, weights.Length).ToArray();
        Array.Sort(order, (a, b) => intervals.Last[a].CompareTo(intervals.Last[b]));
        var point = -1;
        var total = 0.0;
        foreach (var i in order)
        {
            if (weights[i] == 0) continue;
            if (point < intervals.First[i]) point = intervals.Last[i];
            p[point] += weights[i];
            total += weights[i];
        }
        for (var j = 0; j < m; j++) p[j] /= total;
        return p;
    }
}

/// <summary>The masses on every Turnbull interval at the end of <see cref="TurnbullSolver.Solve"/>, and how it ended.</summary>
/// <param name="Masses">p_j for every Turnbull interval; exactly 0 off the support.</param>
/// <param name="LogLikelihood">ℓ(p) = Σ w_i log P_i.</param>
/// <param name="Iterations">Constrained Newton iterations taken.</param>
/// <param name="Converged">Whether the Kuhn–Tucker residual fell below the tolerance.</param>
/// <param name="KuhnTuckerResidual">max(max_j d_j, max over the support |d_j|) / N.</param>
internal sealed record TurnbullSolution(double[] Masses, double LogLikelihood, int Iterations, bool Converged, double KuhnTuckerResidual);
