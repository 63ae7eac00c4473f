using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>The pointwise confidence interval of S at every row of a Kaplan–Meier curve.</summary>
/// <param name="Type">The transformation used.</param>
/// <param name="Level">The confidence level.</param>
/// <param name="Lower">Lower bound per row; null where not estimable.</param>
/// <param name="Upper">Upper bound per row; null where not estimable.</param>
public sealed record ConfidenceBand(
    ConfidenceType Type,
    ConfidenceLevel Level,
    ImmutableArray<double?> Lower,
    ImmutableArray<double?> Upper)
{
    /// <summary>Computes the band of <paramref name="curve"/> with <see cref="SurvivalConfidenceInterval.Compute"/> at each row.</summary>
    public static ConfidenceBand Compute(KaplanMeierCurve curve, ConfidenceType type, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var lower = new double?[curve.Times.Length];
        var upper = new double?[curve.Times.Length];
        for (var i = 0; i < lower.Length; i++)
        {
            var interval = SurvivalConfidenceInterval.Compute(type, curve.Survival[i], curve.StdErrLogSurvival[i], level.Z);
            lower[i] = interval.Lower;
            upper[i] = interval.Upper;
        }
        return new ConfidenceBand(
            type,
            level,
            lower.Own(),
            upper.Own());
    }
}
