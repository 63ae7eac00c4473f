namespace Survival.Core.Cox;

/// <summary>How the Cox partial likelihood treats several events at one time, as R's <c>coxph(ties = ...)</c>.</summary>
public enum TieMethod
{
    /// <summary>Efron's (1977) approximation, R's default.</summary>
    Efron,

    /// <summary>Breslow's (1974) approximation: every tied event sees the whole risk set.</summary>
    Breslow,

    /// <summary>
    /// The exact discrete (conditional logistic) likelihood: the tied events are one set drawn from the risk set
    /// (Cox 1972; Gail, Lubin &amp; Rubinstein 1981). R's <c>ties = "exact"</c>.
    /// </summary>
    Exact,
}
