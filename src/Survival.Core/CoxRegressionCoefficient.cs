namespace Survival.Core;

/// <summary>One coefficient of a Cox regression: a numeric term, or one non-reference level of a factor.</summary>
/// <param name="Term">The term's name.</param>
/// <param name="Level">The factor level compared with the reference; empty for a numeric term.</param>
/// <param name="ReferenceLevel">The factor's reference level; empty for a numeric term.</param>
/// <param name="Name">R's coefficient name: term, followed by the level for a factor.</param>
/// <param name="Coefficient">β, the log hazard ratio; null when not estimable (aliased, or possibly infinite).</param>
/// <param name="StdError">se(β) = √(I(β̂)⁻¹)_cc.</param>
/// <param name="HazardRatio">exp(β).</param>
/// <param name="Lower">exp(β − z·se).</param>
/// <param name="Upper">exp(β + z·se).</param>
/// <param name="Z">β/se.</param>
/// <param name="PValue">2Φ(−|z|).</param>
/// <param name="NotEstimableReason">Why the estimates are absent; null when present.</param>
public sealed record CoxRegressionCoefficient(
    string Term,
    string Level,
    string ReferenceLevel,
    string Name,
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
    /// With case weights that are not all whole, the model-based se √(I(β̂)⁻¹)_cc (R's <c>fit$naive.var</c>) beside the
    /// robust <see cref="StdError"/>; null otherwise.
    /// </summary>
    public double? NaiveStdError { get; init; }
}
