namespace Survival.Core.Numerics;

/// <summary>e^x − 1 to a few ulps for every x, where exp(x) − 1 loses the digits of a small x.</summary>
/// <remarks>
/// Kahan's identity: with u = fl(e^x), (u − 1) · x / log u is accurate to about 2 ulps (Goldberg 1991, "What every
/// computer scientist should know about floating-point arithmetic", Theorem 4's companion). MathNet.Numerics 5's
/// <c>SpecialFunctions.Expm1</c> sums four terms of the series for |x| &lt; 0.1, which is off by 1.4e-9 at x = −0.1, and
/// .NET's <c>double.ExpM1</c> is exp(x) − 1.
/// </remarks>
internal static class ExpMinusOne
{
    public static double Of(double x)
    {
        var u = Math.Exp(x);
        if (u == 1.0) return x;
        var shifted = u - 1.0;
        if (shifted == -1.0 || double.IsPositiveInfinity(u)) return shifted;
        return shifted * x / Math.Log(u);
    }
}
