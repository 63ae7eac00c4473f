using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>Peto et al.'s (1977) interval for S(t): S ± z S √((1 − S)/n(t)).</summary>
/// <remarks>
/// Peto's variance S²(1 − S)/n(t), with n(t) the number at risk at the row's time, is the binomial variance of the
/// subjects still followed and, unlike Greenwood's, grows as they become few (Peto et al. 1977, Br J Cancer 35:1–39).
/// This is km.ci's <c>peto</c>; its bounds are clipped to [0, 1] here, as R clips the plain interval, where km.ci leaves
/// them outside.
/// </remarks>
public static class PetoInterval
{
    /// <summary>The interval at each row of <paramref name="curve"/>.</summary>
    public static ConfidenceInterval[] Rows(KaplanMeierCurve curve, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(level);
        var rows = new ConfidenceInterval[curve.Times.Length];
        for (var j = 0; j < rows.Length; j++) rows[j] = At(curve.Survival[j], curve.AtRisk[j], level.Z);
        return rows;
    }

    /// <summary>The interval before the first row: S = 1, so [1, 1].</summary>
    internal static ConfidenceInterval BeforeFirst(KaplanMeierCurve curve, ConfidenceLevel level) => At(1, curve.AtRisk[0], level.Z);

    private static ConfidenceInterval At(double s, int atRisk, double z)
    {
        var half = z * s * Math.Sqrt((1 - s) / atRisk);
        return new(Math.Max(0, s - half), Math.Min(1, s + half));
    }
}
