using Survival.Core.Inference;

namespace Survival.Core.Cox;

/// <summary>
/// One Cox coefficient's Wald estimate: β with its standard error, the hazard ratio with its interval, z and p; all null,
/// with a reason, where not estimable (R's NA).
/// </summary>
/// <remarks>
/// HR = exp(β), interval exp(β ± z₁₋α/₂·se), z = β/se, p = 2Φ(−|z|): the columns of R's <c>summary(coxph)</c>
/// (Cox 1972; Wald 1943), se = √(V)_cc with V = I(β̂)⁻¹, or the robust variance where case weights ask for it.
/// </remarks>
public sealed record CoxCoefficientEstimate
{
    private CoxCoefficientEstimate(double? coefficient, double? stdError, HazardRatioEstimate ratio, double? z, double? pValue)
    {
        Coefficient = coefficient;
        StdError = stdError;
        HazardRatio = ratio.HazardRatio;
        Lower = ratio.Lower;
        Upper = ratio.Upper;
        Z = z;
        PValue = pValue;
        NotEstimableReason = ratio.NotEstimableReason;
    }

    /// <summary>β, the log hazard ratio; null when not estimable (aliased, or possibly infinite).</summary>
    public double? Coefficient { get; }

    /// <summary>se(β) = √V_cc.</summary>
    public double? StdError { get; }

    /// <summary>exp(β).</summary>
    public double? HazardRatio { get; }

    /// <summary>exp(β − z·se).</summary>
    public double? Lower { get; }

    /// <summary>exp(β + z·se).</summary>
    public double? Upper { get; }

    /// <summary>The Wald statistic β/se.</summary>
    public double? Z { get; }

    /// <summary>2Φ(−|z|).</summary>
    public double? PValue { get; }

    /// <summary>Why the estimates are absent; null when they are present.</summary>
    public string? NotEstimableReason { get; }

    /// <summary>
    /// With case weights that are not all whole, the model-based se √(I(β̂)⁻¹)_cc (R's <c>fit$naive.var</c>) beside the
    /// robust <see cref="StdError"/>; null otherwise, as R keeps no naive variance then.
    /// </summary>
    public double? NaiveStdError { get; init; }

    internal static CoxCoefficientEstimate Wald(double beta, double stdError, ConfidenceLevel level) =>
        new(beta, stdError, HazardRatioEstimate.FromLog(beta, stdError, level), beta / stdError, WaldPValue.TwoSided(beta / stdError));

    internal static CoxCoefficientEstimate NotEstimable(string reason) =>
        new(null, null, HazardRatioEstimate.NotEstimable(reason), null, null);
}
