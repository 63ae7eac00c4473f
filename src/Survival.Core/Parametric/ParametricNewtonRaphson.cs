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

    public static NewtonRaphsonRun Run(
        IParametricLikelihood likelihood, int columns, double[] start, int maxIterations, double tolerance, IReadOnlyList<int> logScales)
    {
        // survreg tests convergence on the log-time scale, before it adds the Jacobian −Σ w log t of the exact times.
        var offset = likelihood.LogScaleOffset;
        var size = likelihood.ParameterCount(columns);
        var beta = (double[])start.Clone();
        var current = likelihood.Evaluate(beta, columns, derivatives: true);
        var loglik = current.LogLikelihood;
        var newBeta = Step(likelihood, columns, beta, current);
        var halving = 0;
        var next = likelihood.Evaluate(newBeta, columns, derivatives: true);
        var newLoglik = next.LogLikelihood;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            if (double.IsFinite(newLoglik) && Math.Abs(1 - (loglik + offset) / (newLoglik + offset)) <= tolerance && halving == 0)
                return new NewtonRaphsonRun(newBeta, next, iteration, true);
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
                    newLoglik = likelihood.Evaluate(newBeta, columns, derivatives: false).LogLikelihood;
                }
            }
            else
            {
                halving = 0;
                loglik = newLoglik;
                var step = Step(likelihood, columns, newBeta, next);
                beta = newBeta;
                newBeta = step;
            }
            next = likelihood.Evaluate(newBeta, columns, derivatives: true);
            newLoglik = next.LogLikelihood;
        }
        return new NewtonRaphsonRun(newBeta, next, maxIterations, false);
    }

    /// <summary>θ + I⁻¹U at a point, or θ + (J'J)⁻¹U where I is not non-negative definite there.</summary>
    private static double[] Step(IParametricLikelihood likelihood, int columns, double[] at, LikelihoodPoint point)
    {
        var size = at.Length;
        var result = (double[])at.Clone();
        if (point.Score is null || !double.IsFinite(point.LogLikelihood)) return result;
        var decomposition = new SingularCholesky(point.Information!, size, CholeskyTolerance);
        if (decomposition.NegativePivot)
        {
            var outer = likelihood.Evaluate(at, columns, derivatives: true, outer: true).Outer!;
            decomposition = new SingularCholesky(outer, size, CholeskyTolerance);
        }
        var step = decomposition.Solve(point.Score);
        for (var i = 0; i < size; i++) result[i] += step[i];
        return result;
    }
}
