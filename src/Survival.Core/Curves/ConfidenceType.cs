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
}
