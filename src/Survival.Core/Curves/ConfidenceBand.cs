using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>The pointwise confidence interval of S at every row of a Kaplan–Meier curve.</summary>
/// <param name="Type">The interval used.</param>
/// <param name="Level">The confidence level.</param>
/// <param name="Lower">Lower bound per row; null where not estimable.</param>
/// <param name="Upper">Upper bound per row; null where not estimable.</param>
public sealed record ConfidenceBand(
    ConfidenceType Type,
    ConfidenceLevel Level,
    ImmutableArray<double?> Lower,
    ImmutableArray<double?> Upper)
{
    /// <summary>The interval before the first row, where S = 1 (what a landmark before every observed time reads).</summary>
    public ConfidenceInterval BeforeFirst { get; init; } = new(1, 1);

    /// <summary>Computes the band of <paramref name="curve"/> with the interval of <paramref name="type"/> at each row.</summary>
    /// <remarks>
    /// R's five transformations read S and se(log S) of each row (<see cref="SurvivalConfidenceInterval.Compute"/>); the
    /// small-sample intervals read the numbers at risk and of deaths as well (<see cref="ThomasGrunkemeierInterval"/>,
    /// <see cref="RothmanInterval"/>, <see cref="PetoInterval"/>, <see cref="BetaProductInterval"/>).
    /// </remarks>
    /// <exception cref="InputRuleException">A small-sample interval of a curve with case weights or delayed entry.</exception>
    public static ConfidenceBand Compute(KaplanMeierCurve curve, ConfidenceType type, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (type.IsSmallSample()) return SmallSample(curve, type, level);
        var lower = new double?[curve.Times.Length];
        var upper = new double?[curve.Times.Length];
        for (var i = 0; i < lower.Length; i++)
        {
            var interval = SurvivalConfidenceInterval.Compute(type, curve.Survival[i], curve.StdErrLogSurvival[i], level.Z);
            lower[i] = interval.Lower;
            upper[i] = interval.Upper;
        }
        return new ConfidenceBand(type, level, lower.Own(), upper.Own())
        {
            BeforeFirst = SurvivalConfidenceInterval.Compute(type, 1, 0, level.Z),
        };
    }

    private static ConfidenceBand SmallSample(KaplanMeierCurve curve, ConfidenceType type, ConfidenceLevel level)
    {
        SmallSampleRows.Check(curve, type);
        var (rows, beforeFirst) = type switch
        {
            ConfidenceType.ThomasGrunkemeier => (ThomasGrunkemeierInterval.Rows(curve, level), ThomasGrunkemeierInterval.BeforeFirst(curve, level)),
            ConfidenceType.Rothman => (RothmanInterval.Rows(curve, level), RothmanInterval.BeforeFirst(curve, level)),
            ConfidenceType.Peto => (PetoInterval.Rows(curve, level), PetoInterval.BeforeFirst(curve, level)),
            _ => (BetaProductInterval.Rows(curve, level), BetaProductInterval.BeforeFirst(curve, level)),
        };
        return new ConfidenceBand(type, level, [.. rows.Select(r => r.Lower)], [.. rows.Select(r => r.Upper)])
        {
            BeforeFirst = beforeFirst,
        };
    }
}
