using System.Collections.Immutable;
using Survival.Core.Curves;
using Survival.Core.GroupTests;
using Survival.Core.IntervalCensoring;
using Survival.V1;
using CoreImputationRule = Survival.Core.IntervalCensoring.ImputationRule;
using CoreIntervalScore = Survival.Core.IntervalCensoring.IntervalScore;
using ProtoImputationRule = Survival.V1.ImputationRule;
using ProtoIntervalScore = Survival.V1.IntervalScore;

namespace Survival.Service.Mapping;

/// <summary>This part: interval-censored cohorts (interval.proto).</summary>
internal static partial class ProtoMapper
{
    /// <summary>The estimate options of an interval-censored cohort: the Kaplan–Meier options that apply, and the bootstrap.</summary>
    public static IntervalSummaryOptions ToCoreInterval(EstimateOptions? options)
    {
        var common = ToCore(options);
        var interval = options?.Interval;
        return new IntervalSummaryOptions
        {
            Level = common.Level,
            Type = common.Type,
            Quantiles = common.Quantiles,
            LandmarkTimes = common.LandmarkTimes,
            BootstrapReplicates = interval is { HasBootstrapReplicates: true } ? interval.BootstrapReplicates : IntervalSummaryOptions.DefaultBootstrapReplicates,
            BootstrapSeed = interval is { HasBootstrapSeed: true } ? interval.BootstrapSeed : IntervalSummaryOptions.DefaultBootstrapSeed,
        };
    }

    /// <summary>The rank scores to test with; none named means all three.</summary>
    public static ImmutableArray<CoreIntervalScore> ToCore(IntervalComparisonOptions? options) =>
        options is null || options.Scores.Count == 0 || options.Scores.Contains(ProtoIntervalScore.Unspecified)
            ? IntervalGroupComparison.AllScores
            : [.. options.Scores.Distinct().Select(ToCore)];

    private static CoreIntervalScore ToCore(ProtoIntervalScore score) => score switch
    {
        ProtoIntervalScore.SunLogrank => CoreIntervalScore.SunLogRank,
        ProtoIntervalScore.FinkelsteinLogrank => CoreIntervalScore.FinkelsteinLogRank,
        ProtoIntervalScore.PetoPetoWilcoxon => CoreIntervalScore.PetoPetoWilcoxon,
        _ => throw new ArgumentOutOfRangeException(nameof(score), score, "unknown interval score"),
    };

    private static ProtoIntervalScore ToProto(CoreIntervalScore score) => score switch
    {
        CoreIntervalScore.SunLogRank => ProtoIntervalScore.SunLogrank,
        CoreIntervalScore.FinkelsteinLogRank => ProtoIntervalScore.FinkelsteinLogrank,
        CoreIntervalScore.PetoPetoWilcoxon => ProtoIntervalScore.PetoPetoWilcoxon,
        _ => throw new ArgumentOutOfRangeException(nameof(score), score, "unknown interval score"),
    };

    public static EstimateSurvivalResponse ToProto(ImmutableArray<IntervalGroupSummary> summaries)
    {
        var response = new EstimateSurvivalResponse();
        foreach (var summary in summaries) response.Groups.Add(ToProto(summary));
        return response;
    }

    private static GroupEstimate ToProto(IntervalGroupSummary group)
    {
        var (summary, estimate) = (group.Summary, group.Summary.Estimate);
        var counts = estimate.Counts;
        var message = new IntervalGroupEstimate
        {
            Exact = counts.Exact,
            LeftCensored = counts.LeftCensored,
            IntervalCensored = counts.IntervalCensored,
            RightCensored = counts.RightCensored,
            Median = ToProto(summary.Median),
            LogLikelihood = estimate.LogLikelihood,
            TurnbullIntervals = estimate.TurnbullIntervalCount,
            Iterations = estimate.Iterations,
            KuhnTuckerResidual = estimate.KuhnTuckerResidual,
            Converged = estimate.Converged,
            BootstrapReplicates = summary.BootstrapReplicates,
            BootstrapSeed = summary.BootstrapSeed,
        };
        for (var k = 0; k < estimate.Mass.Length; k++)
        {
            var interval = new TurnbullInterval
            {
                Left = estimate.Left[k],
                Right = estimate.Right[k],
                Mass = estimate.Mass[k],
                SurvivalBefore = estimate.SurvivalBefore(k),
                SurvivalAfter = estimate.SurvivalAfter[k],
                UnderObservation = summary.UnderObservationAt(estimate.Left[k]),
            };
            if (summary.StdError[k] is { } stdError) interval.StdError = stdError;
            if (summary.Lower[k] is { } lower) interval.Lower = lower;
            if (summary.Upper[k] is { } upper) interval.Upper = upper;
            message.Intervals.Add(interval);
        }
        foreach (var quantile in summary.Quantiles) message.Quantiles.Add(ToProto(quantile));
        foreach (var landmark in summary.Landmarks) message.Landmarks.Add(ToProto(landmark));
        message.Imputed.Add(ToProto(CoreImputationRule.Midpoint, group.MidpointMedian));
        message.Imputed.Add(ToProto(CoreImputationRule.RightPoint, group.RightPointMedian));
        return new GroupEstimate
        {
            Group = group.Group,
            Subjects = counts.Subjects,
            Events = counts.Events,
            Censored = counts.RightCensored,
            Interval = message,
        };
    }

    private static IntervalQuantile ToProto(TurnbullQuantile quantile)
    {
        var message = new IntervalQuantile { Probability = quantile.Probability };
        if (quantile.Time is { } time) message.Time = time;
        if (quantile.RangeStart is { } start) message.RangeStart = start;
        if (quantile.RangeEnd is { } end) message.RangeEnd = end;
        if (quantile.Lower is { } lower) message.Lower = lower;
        if (quantile.Upper is { } upper) message.Upper = upper;
        message.NotIdentifiedReason = quantile switch
        {
            { Identified: true } => "",
            { Reached: false } => $"not reached: the curve does not fall to {1 - quantile.Probability:0.###} before the last assessment",
            _ => $"not identified: the curve falls to {1 - quantile.Probability:0.###} somewhere in ({quantile.RangeStart:R}, {quantile.RangeEnd:R}], where every curve through that stretch fits the data equally",
        };
        return message;
    }

    private static IntervalLandmark ToProto(TurnbullLandmark landmark)
    {
        var message = new IntervalLandmark
        {
            Time = landmark.Time,
            SurvivalUpper = landmark.SurvivalUpper,
            SurvivalLower = landmark.SurvivalLower,
            UnderObservation = landmark.UnderObservation,
        };
        if (landmark.Survival is { } survival) message.Survival = survival;
        else message.NotIdentifiedReason = $"not identified: {landmark.Time:R} lies inside a Turnbull interval, where S may be anywhere from {landmark.SurvivalLower:0.####} to {landmark.SurvivalUpper:0.####}";
        if (landmark.StdError is { } stdError) message.StdError = stdError;
        if (landmark.Lower is { } lower) message.Lower = lower;
        if (landmark.Upper is { } upper) message.Upper = upper;
        return message;
    }

    private static ImputedEstimate ToProto(CoreImputationRule rule, Core.Curves.QuantileEstimate median)
    {
        var message = new ImputedEstimate { Rule = ToProto(rule) };
        if (median.Time is { } time) message.Median = time;
        if (median.Lower is { } lower) message.Lower = lower;
        if (median.Upper is { } upper) message.Upper = upper;
        return message;
    }

    private static ProtoImputationRule ToProto(CoreImputationRule rule) =>
        rule == CoreImputationRule.Midpoint ? ProtoImputationRule.Midpoint : ProtoImputationRule.RightPoint;

    public static CompareGroupsResponse ToProto(IntervalComparisonResult result, ImmutableArray<string> groups)
    {
        var comparison = new IntervalComparison();
        foreach (var test in result.Tests)
        {
            var message = new IntervalTest { Score = ToProto(test.Score), Permutation = ToProto(test.Permutation), ScoreTest = ToProto(test.ScoreTest) };
            for (var g = 0; g < test.Groups.Length; g++)
                message.Groups.Add(new IntervalGroupScore { Group = test.Groups[g], Subjects = test.Subjects[g], ScoreSum = test.ScoreSums[g] });
            comparison.Tests.Add(message);
        }
        comparison.Imputed.Add(ToProto(CoreImputationRule.Midpoint, result.Midpoint));
        comparison.Imputed.Add(ToProto(CoreImputationRule.RightPoint, result.RightPoint));
        var response = new CompareGroupsResponse { Interval = comparison };
        response.Groups.Add(groups);
        return response;
    }

    private static V1.IntervalTestStatistic ToProto(Core.IntervalCensoring.IntervalTestStatistic statistic)
    {
        var message = new V1.IntervalTestStatistic
        {
            DegreesOfFreedom = statistic.Test.DegreesOfFreedom,
            NotEstimableReason = statistic.Test.NotEstimableReason ?? "",
        };
        if (statistic.Test.ChiSquare is { } chiSquare) message.ChiSquare = chiSquare;
        if (statistic.Test.PValue is { } p) message.PValue = p;
        if (statistic.Z is { } z) message.Z = z;
        return message;
    }

    private static ImputedComparison ToProto(CoreImputationRule rule, GroupComparisonResult result)
    {
        var logRank = result.Tests[0].Test;
        var message = new ImputedComparison { Rule = ToProto(rule), LogrankDegreesOfFreedom = logRank.DegreesOfFreedom };
        if (logRank.ChiSquare is { } chiSquare) message.LogrankChiSquare = chiSquare;
        if (logRank.PValue is { } p) message.LogrankPValue = p;
        foreach (var term in result.Cox.Coefficients)
        {
            var ratio = new ImputedHazardRatio { Group = term.Level, ReferenceGroup = term.ReferenceLevel };
            if (term.Estimate.HazardRatio is { } hazardRatio) ratio.HazardRatio = hazardRatio;
            if (term.Estimate.Lower is { } lower) ratio.Lower = lower;
            if (term.Estimate.Upper is { } upper) ratio.Upper = upper;
            if (term.Estimate.PValue is { } pValue) ratio.PValue = pValue;
            message.HazardRatios.Add(ratio);
        }
        return message;
    }
}
