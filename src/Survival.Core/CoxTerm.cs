namespace Survival.Core;

/// <summary>The coefficient of one group against the reference group in a Cox model.</summary>
/// <param name="Group">The group this term compares with the reference.</param>
/// <param name="Coefficient">β, the log hazard ratio; null when not estimable (for example when it may be infinite).</param>
/// <param name="StdError">se(β) = √(I⁻¹)_cc.</param>
/// <param name="HazardRatio">exp(β).</param>
/// <param name="Lower">exp(β − z·se).</param>
/// <param name="Upper">exp(β + z·se).</param>
/// <param name="Z">The Wald statistic β/se.</param>
/// <param name="PValue">2Φ(−|z|).</param>
/// <param name="NotEstimableReason">Why the estimates are absent; null when they are present.</param>
public sealed record CoxTerm(
    string Group,
    double? Coefficient,
    double? StdError,
    double? HazardRatio,
    double? Lower,
    double? Upper,
    double? Z,
    double? PValue,
    string? NotEstimableReason)
{
    /// <summary>
    /// With case weights that are not all whole, the model-based se √(I(β̂)⁻¹)_gg (R's <c>fit$naive.var</c>) beside the
    /// robust <see cref="StdError"/>; null otherwise, as R keeps no naive variance then.
    /// </summary>
    public double? NaiveStdError { get; init; }
}
