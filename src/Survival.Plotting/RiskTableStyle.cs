namespace Survival.Plotting;

/// <summary>The table of counts drawn under the plot, one column per x-axis tick.</summary>
public enum RiskTableStyle
{
    /// <summary>No table.</summary>
    None,

    /// <summary>One row per group: the number at risk, subjects whose time is ≥ the tick (as R and survminer).</summary>
    AtRisk,

    /// <summary>
    /// Per group, rows at risk, censored and events (Morris et al., BMJ Open 2019, "KMunicate"): at risk as in
    /// <see cref="AtRisk"/>; censored and events are cumulative counts up to and including the tick.
    /// </summary>
    KMunicate,
}
