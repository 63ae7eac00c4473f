namespace Survival.Core.Inference;

/// <summary>A confidence interval whose bounds are null where they are not estimable.</summary>
/// <param name="Lower">The lower bound, or null.</param>
/// <param name="Upper">The upper bound, or null.</param>
public readonly record struct ConfidenceInterval(double? Lower, double? Upper)
{
    /// <summary>Neither bound is estimable.</summary>
    public static ConfidenceInterval NotEstimable { get; } = new(null, null);
}
