namespace Survival.Core.Parametric;

/// <summary>
/// What <see cref="ParametricNewtonRaphson.Run"/> reads of a likelihood computed here: its value, score and information
/// at a point, from rows (<see cref="ParametricLikelihood"/>); sums a data side computes are awaited instead
/// (<see cref="ParametricSumsLikelihood"/>, <see cref="ParametricNewtonRaphson.RunAsync"/>).
/// </summary>
internal interface IParametricLikelihood
{
    /// <summary>Σ w log t over the exact observations (survreg tests convergence on the log-time scale); 0 for the Gompertz.</summary>
    double LogScaleOffset { get; }

    /// <summary>The number of parameters when the first <paramref name="columns"/> columns of β are fitted.</summary>
    int ParameterCount(int columns);

    /// <summary>The log-likelihood at <paramref name="parameters"/> (β's first <paramref name="columns"/> columns, then the ancillary parameters).</summary>
    LikelihoodPoint Evaluate(ReadOnlySpan<double> parameters, int columns, bool derivatives, bool outer = false);
}
