using MathNet.Numerics;

namespace Survival.Core.Inference;

/// <summary>A chi-square statistic with its degrees of freedom and upper-tail p-value; null where not estimable.</summary>
/// <param name="ChiSquare">The statistic, or null when it is not estimable.</param>
/// <param name="DegreesOfFreedom">Its degrees of freedom.</param>
/// <param name="PValue">P(χ²_df ≥ statistic), or null when the statistic is not estimable.</param>
/// <param name="NotEstimableReason">Why the statistic is absent; null when it is present.</param>
public sealed record ChiSquareTest(double? ChiSquare, int DegreesOfFreedom, double? PValue, string? NotEstimableReason)
{
    /// <summary>The test of <paramref name="statistic"/> on <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    /// <remarks>
    /// p = Q(df/2, χ²/2), the regularized upper incomplete gamma function, which keeps full relative precision for
    /// small p as R's <c>pchisq(x, df, lower.tail = FALSE)</c> does (1 − CDF would not).
    /// </remarks>
    public static ChiSquareTest Of(double statistic, int degreesOfFreedom) => new(
        statistic,
        degreesOfFreedom,
        statistic > 0 ? SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, statistic / 2) : 1,
        null);

    /// <summary>A test that cannot be computed, with the reason.</summary>
    public static ChiSquareTest NotEstimable(int degreesOfFreedom, string reason) => new(null, degreesOfFreedom, null, reason);
}
