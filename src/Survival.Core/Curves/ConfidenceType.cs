namespace Survival.Core.Curves;

/// <summary>The transformation under which a pointwise confidence interval for S(t) is symmetric.</summary>
/// <remarks>
/// Names and formulas follow R's <c>survfit(conf.type = ...)</c>; see <see cref="SurvivalConfidenceInterval"/>.
/// </remarks>
public enum ConfidenceType
{
    /// <summary>Symmetric on log S: exp(log S ± zσ), upper capped at 1. R's default.</summary>
    Log,

    /// <summary>Symmetric on log(−log S) (Kalbfleisch &amp; Prentice 1980): S^exp(∓zσ/log S).</summary>
    LogLog,

    /// <summary>Symmetric on S itself (Greenwood 1926): S ± zSσ, clipped to [0, 1].</summary>
    Plain,

    /// <summary>Symmetric on log(S/(1 − S)).</summary>
    Logit,

    /// <summary>Symmetric on arcsin(√S) (Borgan &amp; Liestøl 1990).</summary>
    Arcsine,

    /// <summary>
    /// The likelihood-ratio interval of Thomas &amp; Grunkemeier (1975), km.ci's <c>grunkemeier</c>; see
    /// <see cref="ThomasGrunkemeierInterval"/>.
    /// </summary>
    ThomasGrunkemeier,

    /// <summary>Wilson's binomial interval at Rothman's (1978) effective sample size; see <see cref="RothmanInterval"/>.</summary>
    Rothman,

    /// <summary>S ± z S √((1 − S)/n(t)), Peto et al.'s (1977) variance; see <see cref="PetoInterval"/>.</summary>
    Peto,

    /// <summary>
    /// The beta product confidence procedure of Fay, Brittain &amp; Proschan (2013), method of moments; Clopper–Pearson
    /// without censoring. See <see cref="BetaProductInterval"/>.
    /// </summary>
    BetaProduct,
}

/// <summary>Which family a <see cref="ConfidenceType"/> belongs to.</summary>
public static class ConfidenceTypes
{
    /// <summary>
    /// Whether <paramref name="type"/> is one of the small-sample intervals, which read the curve's numbers at risk and
    /// of events rather than only S and se(log S), and so need unweighted right-censored data without delayed entry.
    /// </summary>
    public static bool IsSmallSample(this ConfidenceType type) =>
        type is ConfidenceType.ThomasGrunkemeier or ConfidenceType.Rothman or ConfidenceType.Peto or ConfidenceType.BetaProduct;
}
