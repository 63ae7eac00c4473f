using MathNet.Numerics;

namespace Survival.Core.Inference;

/// <summary>The two-sided test of an estimate against zero by its Wald statistic z = estimate / se.</summary>
/// <remarks>
/// p = 2Φ(−|z|) = erfc(|z|/√2) (Wald 1943), R's <c>2 * pnorm(-abs(z))</c>; taken through erfc so that a p-value far in
/// the tail keeps its relative precision.
/// </remarks>
internal static class WaldPValue
{
    /// <summary>2Φ(−|<paramref name="z"/>|).</summary>
    public static double TwoSided(double z) => SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2));
}
