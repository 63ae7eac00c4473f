namespace Survival.Core;

/// <summary>
/// Maximizes the partial likelihood of a design matrix by Newton–Raphson from β = 0 with R's <c>coxph</c> rules,
/// so that estimates, iteration counts and the convergence verdict are R's.
/// </summary>
/// <remarks>
/// Convergence is |1 − log L_best / log L_new| ≤ 10⁻⁹ (<c>coxph.control(eps)</c>) within 20 iterations. A step that
/// lowers the log-likelihood, or makes it non-finite, is halved back towards the last accepted β: for Breslow and
/// Efron the k-th consecutive halving moves to (new + k·old)/(k + 1) and convergence may be declared while halving
/// (R's coxfit6.c); for the exact likelihood every halving moves to (new + old)/2 and convergence is not declared
/// while halving (coxexact.c). Each Newton step solves I·δ = U with aliased columns held at zero
/// (<see cref="SingularCholesky"/>). When iterations run out the last accepted β is returned, reported as iteration
/// 21 (coxfit6) or 20 (coxexact), as R does.
/// </remarks>
internal static class CoxRegressionNewtonRaphson
{
    /// <summary>The outcome of the iteration.</summary>
    /// <param name="Beta">The estimate (zero for aliased columns).</param>
    /// <param name="LogLikelihoodNull">log L(0).</param>
    /// <param name="ScoreTest">U(0)' I(0)⁻¹ U(0) on the kept columns.</param>
    /// <param name="Final">log L, U and I at <paramref name="Beta"/>.</param>
    /// <param name="Iterations">The iteration count R reports.</param>
    /// <param name="Failure">Why the iteration stopped without converging; null when it converged.</param>
    public sealed record Result(
        double[] Beta, double LogLikelihoodNull, double ScoreTest, PartialLikelihood Final, int Iterations, string? Failure);

    public static Result Run(CoxRegressionLikelihood likelihood, TieMethod ties, int maxIterations)
    {
        var m = likelihood.Sets.Width;
        var exactRule = ties == TieMethod.Exact;
        var beta = new double[m];
        var atZero = new PartialLikelihood(m);
        likelihood.Evaluate(beta, atZero);
        var step = new SingularCholesky(atZero.Information, m).Solve(atZero.Score);
        var scoreTest = CoxNewtonRaphson.Dot(atZero.Score, step);
        var logLikelihoodNull = atZero.LogLikelihood;

        var best = logLikelihoodNull;
        var trial = Add(beta, step);
        var current = new PartialLikelihood(m);
        var halving = 0;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            likelihood.Evaluate(trial, current);
            var logLikelihood = current.LogLikelihood;
            var finite = current.IsFinite();
            if (finite && Math.Abs(1 - best / logLikelihood) <= CoxNewtonRaphson.Epsilon && (halving == 0 || !exactRule))
                return new Result(trial, logLikelihoodNull, scoreTest, current, iteration, null);
            if (exactRule && iteration == maxIterations) break;

            if (!finite || logLikelihood < best)
            {
                halving = exactRule ? 1 : halving + 1;
                for (var c = 0; c < m; c++) trial[c] = (trial[c] + halving * beta[c]) / (halving + 1);
                continue;
            }
            var newton = new SingularCholesky(current.Information, m).Solve(current.Score);
            halving = 0;
            best = logLikelihood;
            beta = trial;
            trial = Add(trial, newton);
        }

        likelihood.Evaluate(beta, current);
        return new Result(beta, logLikelihoodNull, scoreTest, current, exactRule ? maxIterations : maxIterations + 1,
            $"did not converge in {maxIterations} iterations");
    }

    private static double[] Add(double[] a, double[] b)
    {
        var sum = new double[a.Length];
        for (var i = 0; i < a.Length; i++) sum[i] = a[i] + b[i];
        return sum;
    }
}
