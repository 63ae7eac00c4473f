namespace Survival.Core.IntervalCensoring;

/// <summary>Survival at a landmark time from Turnbull's estimate: a value with its interval where identified, else the range it lies in.</summary>
/// <param name="Time">The landmark t.</param>
/// <param name="Survival">S(t) where identified; null inside a Turnbull interval with mass.</param>
/// <param name="SurvivalUpper">The largest S(t) of any maximum-likelihood curve (equal to <paramref name="Survival"/> where identified).</param>
/// <param name="SurvivalLower">The smallest.</param>
/// <param name="StdError">The bootstrap standard error where identified and bootstrapped.</param>
/// <param name="Lower">The lower pointwise confidence limit; null where not identified or not estimable.</param>
/// <param name="Upper">The upper pointwise confidence limit.</param>
/// <param name="UnderObservation">Subjects whose last assessment is at or after t.</param>
public sealed record TurnbullLandmark(
    double Time, double? Survival, double SurvivalUpper, double SurvivalLower, double? StdError, double? Lower, double? Upper, int UnderObservation)
{
    internal static TurnbullLandmark Of(TurnbullEstimate estimate, double?[] stdError, TurnbullBand band, double time, int underObservation)
    {
        var value = estimate.SurvivalAt(time);
        if (!value.Identified) return new TurnbullLandmark(time, null, value.Upper, value.Lower, null, null, null, underObservation);
        // Identified: S(t) is the survival after the last interval ending at or before t, or 1 before the first.
        var index = estimate.Right.AsSpan().BinarySearch(time);
        var k = index >= 0 ? index : ~index - 1;
        if (k < 0) return new TurnbullLandmark(time, 1, 1, 1, stdError.Length > 0 ? 0 : null, null, null, underObservation);
        return new TurnbullLandmark(time, value.Upper, value.Upper, value.Lower, stdError[k], band.Lower[k], band.Upper[k], underObservation);
    }
}
