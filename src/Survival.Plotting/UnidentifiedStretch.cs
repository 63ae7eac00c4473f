namespace Survival.Plotting;

/// <summary>
/// A stretch of time over which an interval-censored curve is not identified: Turnbull's estimate puts mass somewhere in
/// (<paramref name="Start"/>, <paramref name="End"/>] and every curve falling from <paramref name="Upper"/> to
/// <paramref name="Lower"/> within it fits the data equally. It is drawn as a shaded box, as R's <c>interval</c> package
/// draws it, and no line crosses it.
/// </summary>
/// <param name="Start">The Turnbull interval's left end.</param>
/// <param name="End">Its right end (finite: mass beyond the last assessment is not drawn).</param>
/// <param name="Upper">The survival before the stretch.</param>
/// <param name="Lower">The survival after it.</param>
public sealed record UnidentifiedStretch(double Start, double End, double Upper, double Lower);
