namespace Survival.Core.Cox;

/// <summary>A Cox partial likelihood that <see cref="CoxNewtonRaphson"/> maximizes: the group factor's or the regression's.</summary>
internal interface ICoxLikelihood
{
    /// <summary>The number of coefficients.</summary>
    int Width { get; }

    /// <summary>log L, U and I at <paramref name="beta"/>, summed over every event time of every stratum.</summary>
    void Evaluate(double[] beta, PartialLikelihood into);
}
