using System.Collections.Immutable;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// Turnbull's nonparametric maximum-likelihood estimate of one sample: the Turnbull intervals that carry mass, the mass
/// of each and the survival probability after it, and how the computation ended.
/// </summary>
/// <remarks>
/// S(t) is identified outside the intervals: S(t) = 1 before the first, <see cref="SurvivalAfter"/>[j] from the right end
/// of interval j to the left end of the next. Inside an interval (q_j, p_j] every curve falling from S(q_j) to S(p_j) has
/// the same likelihood, so the estimate says only that S(t) lies between them (Turnbull 1976; Gentleman &amp; Vandal 2002
/// call it representational non-uniqueness); the masses themselves are unique (their Lemma 4).
/// </remarks>
public sealed record TurnbullEstimate
{
    /// <summary>Left end q_j of each Turnbull interval with positive mass, increasing; equal to the right end for an exact time.</summary>
    public required ImmutableArray<double> Left { get; init; }

    /// <summary>Right end p_j of each such interval; +∞ where the mass lies beyond the last assessment of right-censored subjects.</summary>
    public required ImmutableArray<double> Right { get; init; }

    /// <summary>The probability p_j that the event falls in interval j; they sum to 1.</summary>
    public required ImmutableArray<double> Mass { get; init; }

    /// <summary>S(p_j) = Σ_{k &gt; j} p_k, the survival probability after interval j.</summary>
    public required ImmutableArray<double> SurvivalAfter { get; init; }

    /// <summary>The number of subjects, and of each kind of observation.</summary>
    public required IntervalCounts Counts { get; init; }

    /// <summary>The number of Turnbull intervals, with or without mass.</summary>
    public required int TurnbullIntervalCount { get; init; }

    /// <summary>The log-likelihood Σ_i log P_i at the estimate.</summary>
    public required double LogLikelihood { get; init; }

    /// <summary>Constrained Newton iterations taken.</summary>
    public required int Iterations { get; init; }

    /// <summary>Whether the Kuhn–Tucker conditions hold to <see cref="TurnbullSolver.GradientTolerance"/>.</summary>
    public required bool Converged { get; init; }

    /// <summary>
    /// max over intervals of the normalized gradient d_j/N, and of |d_j|/N over those with mass: 0 at the exact NPMLE,
    /// where it bounds both the Kuhn–Tucker and the self-consistency conditions.
    /// </summary>
    public required double KuhnTuckerResidual { get; init; }

    /// <summary>S just before interval j: 1 for the first, else the survival after the one before.</summary>
    public double SurvivalBefore(int interval) => interval == 0 ? 1 : SurvivalAfter[interval - 1];

    /// <summary>What the estimate says of S(<paramref name="time"/>) = P(T &gt; t): its value where identified, else the bounds it lies between.</summary>
    public IdentifiedSurvival SurvivalAt(double time)
    {
        // The intervals ending at or before t hold mass wholly at or before t; the next one may straddle t.
        var index = Right.AsSpan().BinarySearch(time);
        var j = index >= 0 ? index : ~index - 1;
        var after = j >= 0 ? SurvivalAfter[j] : 1;
        if (j + 1 < Left.Length && Left[j + 1] < time) return new IdentifiedSurvival(after, SurvivalAfter[j + 1]);
        return new IdentifiedSurvival(after, after);
    }
}

/// <summary>S(t) as the estimate gives it: <see cref="Upper"/> = <see cref="Lower"/> where identified, else the range it may take.</summary>
/// <param name="Upper">The largest value consistent with the estimate (all of the interval's mass placed after t).</param>
/// <param name="Lower">The smallest (all of it placed at or before t).</param>
public sealed record IdentifiedSurvival(double Upper, double Lower)
{
    /// <summary>Whether every maximum-likelihood curve has the same S(t).</summary>
    public bool Identified => Upper == Lower;
}

/// <summary>How many subjects a sample has of each kind of observation.</summary>
/// <param name="Subjects">All subjects.</param>
/// <param name="Exact">Event observed exactly (left = right).</param>
/// <param name="LeftCensored">Event by the right end, no earlier assessment (left = 0).</param>
/// <param name="IntervalCensored">Event between two assessments.</param>
/// <param name="RightCensored">No event seen.</param>
public sealed record IntervalCounts(long Subjects, long Exact, long LeftCensored, long IntervalCensored, long RightCensored)
{
    /// <summary>Subjects with the event, of any of the first three kinds.</summary>
    public long Events => Subjects - RightCensored;

    /// <summary>The counts of <paramref name="data"/>.</summary>
    public static IntervalCounts Of(IntervalCensoredData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new IntervalCounts(data.Subjects, data.Exact, data.LeftCensored, data.IntervalCensored, data.RightCensored);
    }
}
