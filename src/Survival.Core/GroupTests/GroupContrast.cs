namespace Survival.Core.GroupTests;

/// <summary>A group against the reference group at one τ or landmark: an estimate with its interval and test.</summary>
/// <param name="Group">The group.</param>
/// <param name="ReferenceGroup">The group it is compared with.</param>
/// <param name="Measure">What is compared.</param>
/// <param name="Time">τ for the RMST measures, the landmark for the survival difference.</param>
/// <param name="Estimate">The difference or ratio; null where not estimable.</param>
/// <param name="StdError">Its standard error (of the log ratio for <see cref="ContrastMeasure.RmstRatio"/>).</param>
/// <param name="Lower">Lower confidence limit.</param>
/// <param name="Upper">Upper confidence limit.</param>
/// <param name="PValue">Two-sided p-value of no difference (a ratio of 1).</param>
/// <param name="NotEstimableReason">Why the estimate is absent, else null.</param>
public sealed record GroupContrast(
    string Group,
    string ReferenceGroup,
    ContrastMeasure Measure,
    double Time,
    double? Estimate,
    double? StdError,
    double? Lower,
    double? Upper,
    double? PValue,
    string? NotEstimableReason);
