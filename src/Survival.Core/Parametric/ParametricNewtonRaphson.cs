using Survival.Core.Cox;

namespace Survival.Core.Parametric;

/// <summary>Where a Newton–Raphson run ended.</summary>
/// <param name="Parameters">The final parameters.</param>
/// <param name="Final">The log-likelihood, score and information there.</param>
/// <param name="Iterations">Iterations used (R's <c>fit$iter</c>).</param>
/// <param name="Converged">Whether the relative change of the log-likelihood fell to the tolerance.</param>
internal sealed record NewtonRaphsonRun(double[] Parameters, LikelihoodPoint Final, int Iterations, bool Converged);

/// <summary>
/// Newton–Raphson maximisation by the rules of R's <c>survreg</c> (its C routine <c>survreg6</c>), so that a fit takes
/// the same steps, stops at the same iteration and reports the same values.
/// </summary>
/// <remarks>
/// The relative change is that of the log-likelihood on the log-time scale for the log-location-scale families
/// (without the Jacobian −Σ w log t of the exact times), which is what <c>survreg6</c> sees. From θ₀: step δ = I(θ)⁻¹U(θ), where I is factorized with R's tolerance (10⁻¹⁰) dropping aliased columns, and where
/// I is not non-negative definite the step uses J'J = Σ w (∂g/∂θ)(∂g/∂θ)' instead. At the new point: converged when
/// |1 − L_old/L_new| ≤ ε and the point was not reached by halving; when L fell (or is not finite) the step is halved,
/// up to five times per iteration, and on the first halving no log-scale parameter may fall more than 1.1 below its
/// last good value; otherwise the next Newton step is taken from it. The variance is I⁻¹ at the final point.
/// Defaults: ε = 10⁻⁹ and 30 iterations (<c>survreg.control()</c>); 20 for the intercept-only fit.
/// </remarks>
internal static class ParametricNewtonRaphson
{
    /// <summary>R's <c>survreg.control()$toler.chol</c>.</summary>
    public const double CholeskyTolerance = 1e-10;

    /// <summary>The run on a likelihood computed here (rows).</summary>
    public static NewtonRaphsonRun Run(
        IParametricLikelihood likelihood, int columns, double[] start, int maxIterations, double tolerance, IReadOnlyList<int> logScales)
    {
        var iteration = new Iteration(likelihood.LogScaleOffset, likelihood.ParameterCount(columns), start, maxIterations, tolerance, logScales);
        foreach (var ask in iteration.Points()) ask.Answer = likelihood.Evaluate(ask.Parameters, columns, ask.Derivatives, ask.Outer);
        return iteration.Result!;
    }

    /// <summary>The same run on a likelihood evaluated elsewhere (a data side's sums): each point awaited, no thread held.</summary>
    public static async ValueTask<NewtonRaphsonRun> RunAsync(
        double logScaleOffset, int size, Func<LikelihoodAsk, ValueTask<LikelihoodPoint>> evaluate, double[] start, int maxIterations,
        double tolerance, IReadOnlyList<int> logScales)
    {
        var iteration = new Iteration(logScaleOffset, size, start, maxIterations, tolerance, logScales);
        foreach (var ask in iteration.Points()) ask.Answer = await evaluate(ask).ConfigureAwait(false);
        return iteration.Result!;
    }

    /// <summary>
    /// The iteration as a sequence of the points it needs: each <see cref="LikelihoodAsk"/> is answered by the driver
    /// before the next is asked, so one code serves a likelihood computed here and one awaited from elsewhere.
    /// </summary>
    private sealed class Iteration(double offset, int size, double[] start, int maxIterations, double tolerance, IReadOnlyList<int> logScales)
    {
        public NewtonRaphsonRun? Result { get; private set; }

        public IEnumerable<LikelihoodAsk> Points()
        {
            // survreg tests convergence on the log-time scale, before it adds the Jacobian −Σ w log t of the exact times.
            var beta = (double[])start.Clone();
            var ask = new LikelihoodAsk(beta, derivatives: true);
            yield return ask;
            var current = ask.Answer!;
            var loglik = current.LogLikelihood;
            double[] newBeta = null!;
            foreach (var outer in Step(beta, current, s => newBeta = s)) yield return outer;
            var halving = 0;
            ask = new LikelihoodAsk(newBeta, derivatives: true);
            yield return ask;
            var next = ask.Answer!;
            var newLoglik = next.LogLikelihood;
            for (var iteration = 1; iteration <= maxIterations; iteration++)
            {
                if (double.IsFinite(newLoglik) && Math.Abs(1 - (loglik + offset) / (newLoglik + offset)) <= tolerance && halving == 0)
                {
                    Result = new NewtonRaphsonRun(newBeta, next, iteration, true);
                    yield break;
                }
                if (!double.IsFinite(newLoglik) || newLoglik < loglik)
                {
                    // Not converging: back towards the last good point (R's comparison, so NaN does not halve).
                    for (var j = 0; j < 5 && (newLoglik < loglik || double.IsNegativeInfinity(newLoglik)); j++)
                    {
                        halving++;
                        for (var i = 0; i < size; i++) newBeta[i] = (newBeta[i] + beta[i]) / 2;
                        if (halving == 1)
                        {
                            foreach (var i in logScales)
                                if (beta[i] - newBeta[i] > 1.1) newBeta[i] = beta[i] - 1.1;
                        }
                        ask = new LikelihoodAsk(newBeta, derivatives: false);
                        yield return ask;
                        newLoglik = ask.Answer!.LogLikelihood;
                    }
                }
                else
                {
                    halving = 0;
                    loglik = newLoglik;
                    double[] step = null!;
                    foreach (var outer in Step(newBeta, next, s => step = s)) yield return outer;
                    beta = newBeta;
                    newBeta = step;
                }
                ask = new LikelihoodAsk(newBeta, derivatives: true);
                yield return ask;
                next = ask.Answer!;
                newLoglik = next.LogLikelihood;
            }
            Result = new NewtonRaphsonRun(newBeta, next, maxIterations, false);
        }

        /// <summary>θ + I⁻¹U at a point, or θ + (J'J)⁻¹U (asking for J'J there) where I is not non-negative definite.</summary>
        private IEnumerable<LikelihoodAsk> Step(double[] at, LikelihoodPoint point, Action<double[]> done)
        {
            var result = (double[])at.Clone();
            if (point.Score is null || !double.IsFinite(point.LogLikelihood))
            {
                done(result);
                yield break;
            }
            var decomposition = new SingularCholesky(point.Information!, size, CholeskyTolerance);
            if (decomposition.NegativePivot)
            {
                var ask = new LikelihoodAsk(at, derivatives: true, outer: true);
                yield return ask;
                decomposition = new SingularCholesky(ask.Answer!.Outer!, size, CholeskyTolerance);
            }
            var step = decomposition.Solve(point.Score);
            for (var i = 0; i < size; i++) result[i] += step[i];
            done(result);
        }
    }
}

/// <summary>A point the Newton–Raphson iteration needs the likelihood at, and the driver's answer.</summary>
/// <param name="parameters">The point (β's columns, then the ancillary parameters); read before the iteration resumes.</param>
/// <param name="derivatives">Whether the score and information are needed, not the value alone.</param>
/// <param name="outer">Whether J'J is needed too.</param>
internal sealed class LikelihoodAsk(double[] parameters, bool derivatives, bool outer = false)
{
    public double[] Parameters { get; } = parameters;

    public bool Derivatives { get; } = derivatives;

    public bool Outer { get; } = outer;

    public LikelihoodPoint? Answer { get; set; }
}
