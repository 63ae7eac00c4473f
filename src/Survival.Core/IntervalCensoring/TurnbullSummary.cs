using System.Collections.Immutable;
using Survival.Core.Curves;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// What is reported for one group of interval-censored subjects: Turnbull's estimate, the bootstrap standard error and
/// pointwise interval of the survival after each interval with mass, the quantiles and landmarks — each saying where the
/// estimate does not identify it — and the subjects under observation over time.
/// </summary>
public sealed record TurnbullSummary
{
    /// <summary>The estimate.</summary>
    public required TurnbullEstimate Estimate { get; init; }

    /// <summary>Bootstrap standard error of <see cref="TurnbullEstimate.SurvivalAfter"/>[j]; null without replicates.</summary>
    public required ImmutableArray<double?> StdError { get; init; }

    /// <summary>Lower pointwise confidence limit of the survival after each interval; null where not estimable.</summary>
    public required ImmutableArray<double?> Lower { get; init; }

    /// <summary>Upper pointwise confidence limit; null where not estimable.</summary>
    public required ImmutableArray<double?> Upper { get; init; }

    /// <summary>The requested quantiles, in the order requested.</summary>
    public required ImmutableArray<TurnbullQuantile> Quantiles { get; init; }

    /// <summary>The median (the 0.5 quantile).</summary>
    public required TurnbullQuantile Median { get; init; }

    /// <summary>The requested landmarks, in the order requested.</summary>
    public required ImmutableArray<TurnbullLandmark> Landmarks { get; init; }

    /// <summary>The distinct ends of follow-up (a subject's last assessment: R, or L when right-censored), increasing.</summary>
    public required ImmutableArray<double> FollowUpEnds { get; init; }

    /// <summary>Subjects whose follow-up ends at or after each of <see cref="FollowUpEnds"/>: those still under observation then.</summary>
    public required ImmutableArray<int> UnderObservation { get; init; }

    /// <summary>Right-censored subjects whose last assessment is each of <see cref="FollowUpEnds"/> (the others ending there had the event by then).</summary>
    public required ImmutableArray<int> CensoredAt { get; init; }

    /// <summary>The bootstrap replicates behind the standard errors (0: none).</summary>
    public required int BootstrapReplicates { get; init; }

    /// <summary>The bootstrap's seed.</summary>
    public required ulong BootstrapSeed { get; init; }

    /// <summary>Subjects still under observation at <paramref name="time"/>: whose last assessment is at or after it.</summary>
    public int UnderObservationAt(double time)
    {
        var index = FollowUpEnds.AsSpan().BinarySearch(time);
        var at = index >= 0 ? index : ~index;
        return at < UnderObservation.Length ? UnderObservation[at] : 0;
    }

    /// <summary>Summarizes one sample.</summary>
    /// <remarks>
    /// The pointwise interval applies the requested transformation to the bootstrap standard error, as R's <c>survfit</c>
    /// does to Greenwood's (<see cref="SurvivalConfidenceInterval"/>, with se(log S) = se(S)/S); quantiles and landmarks
    /// are <see cref="TurnbullQuantile"/> and <see cref="TurnbullLandmark"/>.
    /// </remarks>
    /// <exception cref="InputRuleException">The sample has no subject.</exception>
    /// <exception cref="OperationCanceledException">The caller gave up.</exception>
    public static TurnbullSummary Summarize(IntervalCensoredData data, IntervalSummaryOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (data.Subjects == 0) throw new InputRuleException("cohort", "must contain at least one subject");
        var intervals = TurnbullIntervals.Of(data);
        var solution = TurnbullSolver.Solve(intervals, [.. data.Counts.Select(c => (double)c)]);
        var estimate = Turnbull.FromSolution(data, intervals, solution);
        var errors = TurnbullBootstrap.StandardErrors(intervals, data, solution.Masses, options.BootstrapReplicates, options.BootstrapSeed, cancellationToken);
        var count = estimate.Mass.Length;
        var stdError = new double?[count];
        var lower = new double?[count];
        var upper = new double?[count];
        for (var k = 0; k < errors.Length; k++)
        {
            var survival = estimate.SurvivalAfter[k];
            stdError[k] = errors[k];
            var interval = SurvivalConfidenceInterval.Compute(options.Type, survival, survival > 0 ? errors[k] / survival : double.PositiveInfinity, options.Level.Z);
            (lower[k], upper[k]) = (interval.Lower, interval.Upper);
        }
        var (ends, under, censoredAt) = FollowUp(data);
        var band = new TurnbullBand(estimate, [.. lower], [.. upper]);
        var quantiles = options.Quantiles.Select(p => TurnbullQuantile.Of(estimate, band, p)).ToImmutableArray();
        return new TurnbullSummary
        {
            Estimate = estimate,
            StdError = stdError.ToImmutableArray(),
            Lower = lower.ToImmutableArray(),
            Upper = upper.ToImmutableArray(),
            Quantiles = quantiles,
            Median = TurnbullQuantile.Of(estimate, band, 0.5),
            Landmarks = [.. options.LandmarkTimes.Select(t => TurnbullLandmark.Of(estimate, stdError, band, t, Under(ends, under, t)))],
            FollowUpEnds = ends,
            UnderObservation = under,
            CensoredAt = censoredAt,
            BootstrapReplicates = errors.Length == 0 ? 0 : options.BootstrapReplicates,
            BootstrapSeed = options.BootstrapSeed,
        };
    }

    private static int Under(ImmutableArray<double> ends, ImmutableArray<int> under, double time)
    {
        var index = ends.AsSpan().BinarySearch(time);
        var at = index >= 0 ? index : ~index;
        return at < under.Length ? under[at] : 0;
    }

    /// <summary>The distinct last assessments, how many subjects are still assessed at or after each, and how many were right-censored there.</summary>
    private static (ImmutableArray<double>, ImmutableArray<int>, ImmutableArray<int>) FollowUp(IntervalCensoredData data)
    {
        var byEnd = new SortedDictionary<double, (long All, long Censored)>();
        for (var i = 0; i < data.Count; i++)
        {
            var censored = double.IsPositiveInfinity(data.Right[i]);
            var end = censored ? data.Left[i] : data.Right[i];
            var (all, rightCensored) = byEnd.GetValueOrDefault(end);
            byEnd[end] = (all + data.Counts[i], rightCensored + (censored ? data.Counts[i] : 0));
        }
        var ends = byEnd.Keys.ToArray();
        var under = new int[ends.Length];
        var censoredAt = new int[ends.Length];
        var running = 0L;
        for (var k = ends.Length - 1; k >= 0; k--)
        {
            running += byEnd[ends[k]].All;
            under[k] = (int)running;
            censoredAt[k] = (int)byEnd[ends[k]].Censored;
        }
        return (ends.Own(), under.Own(), censoredAt.Own());
    }
}

/// <summary>The estimate with its pointwise band at the right end of each interval with mass.</summary>
internal sealed record TurnbullBand(TurnbullEstimate Estimate, double?[] Lower, double?[] Upper);
