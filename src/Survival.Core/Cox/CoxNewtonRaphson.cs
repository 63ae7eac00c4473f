namespace Survival.Core.Cox;

/// <summary>
/// Maximizes a Cox partial likelihood by Newton–Raphson from β = 0 exactly as R's survival 3.5 does, so that the
/// estimates, the iteration count and the convergence verdict are R's.
/// </summary>
/// <remarks>
/// Convergence is |1 − log L_best / log L_new| ≤ 10⁻⁹ (R's <c>coxph.control(eps)</c>), at most 20 iterations.
/// A step that lowers the log-likelihood, or makes it non-finite, is halved back towards the last accepted β.
/// Breslow and Efron follow R's coxfit6.c: the k-th consecutive halving moves to (new + k·old)/(k + 1) and
/// convergence may be declared while halving. The exact likelihood follows R's coxexact.c: every halving moves to
/// (new + old)/2 and convergence is not declared while halving. Each Newton step solves I·δ = U with the caller's
/// solver (one that holds aliased columns at zero, as R's cholesky2). When
/// iterations run out the last accepted β is returned, which R reports as iteration 21 (coxfit6) or 20 (coxexact).
/// </remarks>
internal static class CoxNewtonRaphson
{
    /// <summary>R's <c>coxph.control()$eps</c>.</summary>
    public const double Epsilon = 1e-9;

    /// <summary>R's <c>coxph.control()$iter.max</c>.</summary>
    public const int DefaultMaxIterations = 20;

    /// <summary>The outcome of the iteration.</summary>
    /// <param name="Beta">The estimate; the last accepted β when the iterations ran out, as R.</param>
    /// <param name="LogLikelihoodNull">log L(0).</param>
    /// <param name="ScoreTest">U(0)' I(0)⁻¹ U(0).</param>
    /// <param name="Final">log L, U and I at <paramref name="Beta"/>.</param>
    /// <param name="Iterations">The iteration count R reports.</param>
    /// <param name="Failure">Why the iteration stopped without converging; null when it converged.</param>
    public sealed record Result(
        double[] Beta,
        double LogLikelihoodNull,
        double ScoreTest,
        PartialLikelihood Final,
        int Iterations,
        string? Failure);

    /// <summary>Iterates from β = 0; null when <paramref name="solve"/> finds the information at β = 0 singular.</summary>
    /// <param name="likelihood">The likelihood to maximize; its tie method decides R's halving rule.</param>
    /// <param name="maxIterations">R's <c>iter.max</c>.</param>
    /// <param name="solve">I⁻¹U for information I and score U; null when I is singular.</param>
    public static Result? Run(CoxLikelihood likelihood, int maxIterations, Func<double[], double[], double[]?> solve) =>
        Run(likelihood.Width, likelihood.Ties, (beta, into) => likelihood.Evaluate(beta, into), maxIterations, solve);

    /// <summary>
    /// Iterates from β = 0 on a likelihood given as <paramref name="evaluate"/>: the rows' (<see cref="CoxLikelihood"/>)
    /// or a remote source's per-time sums (<see cref="CoxTimeSumsLikelihood"/>); null as the other overload.
    /// </summary>
    /// <param name="m">The number of coefficients.</param>
    /// <param name="ties">The tie method, which decides R's halving rule.</param>
    /// <param name="evaluate">Writes log L, U and I at β into the sums.</param>
    /// <param name="maxIterations">R's <c>iter.max</c>.</param>
    /// <param name="solve">I⁻¹U for information I and score U; null when I is singular.</param>
    public static Result? Run(int m, TieMethod ties, Action<double[], PartialLikelihood> evaluate, int maxIterations, Func<double[], double[], double[]?> solve)
    {
        var iteration = new Iteration(m, ties, maxIterations, solve);
        foreach (var (beta, into) in iteration.Points()) evaluate(beta, into);
        return iteration.Result;
    }

    /// <summary>The same iteration on a likelihood awaited from elsewhere (a data side's sums): no thread is held while it computes.</summary>
    public static async ValueTask<Result?> RunAsync(
        int m, TieMethod ties, Func<double[], PartialLikelihood, ValueTask> evaluate, int maxIterations, Func<double[], double[], double[]?> solve)
    {
        var iteration = new Iteration(m, ties, maxIterations, solve);
        foreach (var (beta, into) in iteration.Points()) await evaluate(beta, into).ConfigureAwait(false);
        return iteration.Result;
    }

    /// <summary>
    /// The iteration as the sequence of the β it needs evaluated, each written into its sums by the driver before the
    /// next is asked, so that one code serves a likelihood computed here and one awaited.
    /// </summary>
    private sealed class Iteration(int m, TieMethod ties, int maxIterations, Func<double[], double[], double[]?> solve)
    {
        public Result? Result { get; private set; }

        public IEnumerable<(double[] Beta, PartialLikelihood Into)> Points()
        {
            var exactRule = ties == TieMethod.Exact;
            var beta = new double[m];
            var atZero = new PartialLikelihood(m);
            yield return (beta, atZero);
            if (solve(atZero.Information, atZero.Score) is not { } step) yield break;

            var logLikelihoodNull = atZero.LogLikelihood;
            var scoreTest = Dot(atZero.Score, step);
            var best = logLikelihoodNull;
            var trial = Add(beta, step);
            var current = new PartialLikelihood(m);
            var halving = 0;
            for (var iteration = 1; iteration <= maxIterations; iteration++)
            {
                yield return (trial, current);
                var logLikelihood = current.LogLikelihood;
                var finite = current.IsFinite();
                if (finite && Math.Abs(1 - best / logLikelihood) <= Epsilon && (halving == 0 || !exactRule))
                {
                    Result = new Result(trial, logLikelihoodNull, scoreTest, current, iteration, null);
                    yield break;
                }
                if (exactRule && iteration == maxIterations) break;

                if (!finite || logLikelihood < best)
                {
                    halving = exactRule ? 1 : halving + 1;
                    for (var c = 0; c < m; c++) trial[c] = (trial[c] + halving * beta[c]) / (halving + 1);
                    continue;
                }
                if (solve(current.Information, current.Score) is not { } newton)
                {
                    Result = new Result(trial, logLikelihoodNull, scoreTest, current, iteration, "the information matrix became singular");
                    yield break;
                }
                halving = 0;
                best = logLikelihood;
                beta = trial;
                trial = Add(trial, newton);
            }

            // Out of iterations, R returns the last accepted β, recomputed: coxfit6 as iteration maxIterations + 1,
            // coxexact as iteration maxIterations.
            yield return (beta, current);
            Result = new Result(beta, logLikelihoodNull, scoreTest, current, exactRule ? maxIterations : maxIterations + 1,
                $"did not converge in {maxIterations} iterations");
        }
    }

    /// <summary>
    /// R's check after convergence (<c>coxph.control()$toler.inf</c> = √eps): β_c may be infinite when the next Newton
    /// step (I⁻¹U)_c is still larger than eps and than √eps·|β_c|, or is not finite.
    /// </summary>
    /// <param name="beta">The estimate.</param>
    /// <param name="score">U at the estimate.</param>
    /// <param name="variance">I⁻¹ at the estimate, row-major (zero rows for aliased columns).</param>
    public static bool[] PossiblyInfinite(double[] beta, double[] score, double[] variance)
    {
        var m = beta.Length;
        var tolerance = Math.Sqrt(Epsilon);
        var infinite = new bool[m];
        for (var c = 0; c < m; c++)
        {
            var step = 0.0;
            for (var d = 0; d < m; d++) step += score[d] * variance[d * m + c];
            step = Math.Abs(step);
            infinite[c] = !double.IsFinite(score[c]) || !double.IsFinite(step) || (step > Epsilon && step > tolerance * Math.Abs(beta[c]));
        }
        return infinite;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double[] Add(double[] a, double[] b)
    {
        var sum = new double[a.Length];
        for (var i = 0; i < a.Length; i++) sum[i] = a[i] + b[i];
        return sum;
    }
}
