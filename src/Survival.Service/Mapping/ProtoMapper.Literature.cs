using Survival.Core;
using Survival.Core.External;
using Survival.Core.Inference;
using Survival.Core.MetaAnalysis;
using Survival.Core.Reconstruction;
using Survival.Service.Validation;
using Survival.V1;
using CoreAtRiskCount = Survival.Core.Reconstruction.AtRiskCount;
using CoreDigitizedPoint = Survival.Core.Reconstruction.DigitizedPoint;
using CoreMonotoneFix = Survival.Core.Reconstruction.MonotoneFix;
using CoreOneSampleVariance = Survival.Core.External.OneSampleVariance;
using CorePoolingMethod = Survival.Core.MetaAnalysis.PoolingMethod;
using ProtoMonotoneFix = Survival.V1.MonotoneFix;
using ProtoOneSampleVariance = Survival.V1.OneSampleVariance;
using ProtoPoolingMethod = Survival.V1.PoolingMethod;
using ProtoReconstructionQuality = Survival.V1.ReconstructionQuality;

namespace Survival.Service.Mapping;

/// <summary>This part: rebuilt cohorts, comparisons with an external control, and pooled studies.</summary>
internal static partial class ProtoMapper
{
    public static CoreMonotoneFix ToCore(ProtoMonotoneFix fix) =>
        fix == ProtoMonotoneFix.RunningMinimum ? CoreMonotoneFix.RunningMinimum : CoreMonotoneFix.IsotonicRegression;

    public static CoreOneSampleVariance ToCore(ProtoOneSampleVariance variance) =>
        variance == ProtoOneSampleVariance.MeanOfObservedAndExpected ? CoreOneSampleVariance.MeanOfObservedAndExpected : CoreOneSampleVariance.Expected;

    public static ProtoOneSampleVariance ToProto(CoreOneSampleVariance variance) =>
        variance == CoreOneSampleVariance.MeanOfObservedAndExpected ? ProtoOneSampleVariance.MeanOfObservedAndExpected : ProtoOneSampleVariance.Expected;

    public static CorePoolingMethod ToCore(ProtoPoolingMethod method) => method switch
    {
        ProtoPoolingMethod.FixedEffect => CorePoolingMethod.FixedEffect,
        ProtoPoolingMethod.DersimonianLaird => CorePoolingMethod.DerSimonianLaird,
        _ => CorePoolingMethod.RestrictedMaximumLikelihood,
    };

    public static ProtoPoolingMethod ToProto(CorePoolingMethod method) => method switch
    {
        CorePoolingMethod.FixedEffect => ProtoPoolingMethod.FixedEffect,
        CorePoolingMethod.DerSimonianLaird => ProtoPoolingMethod.DersimonianLaird,
        _ => ProtoPoolingMethod.Reml,
    };

    /// <summary>The engine's published curve; null, with the violation, when a count does not fit the engine's 32-bit counts.</summary>
    public static PublishedCurve? ToCore(PublishedArm arm, string path, FieldViolations violations)
    {
        var fits = true;
        int? Count(long value, string field)
        {
            if (value <= int.MaxValue) return (int)Math.Max(value, int.MinValue);
            violations.Add($"{path}.{field}", InputRules.CountRequirement);
            fits = false;
            return null;
        }
        var table = arm.AtRisk.Select((row, i) => new CoreAtRiskCount(row.Time, Count(row.AtRisk, $"at_risk[{i}].at_risk") ?? 0)).ToArray();
        var curve = new PublishedCurve
        {
            Points = [.. arm.Points.Select(p => new CoreDigitizedPoint(p.Time, p.Survival))],
            AtRisk = [.. table],
            Subjects = arm.HasSubjects ? Count(arm.Subjects, "subjects") : null,
            TotalEvents = arm.HasTotalEvents ? Count(arm.TotalEvents, "total_events") : null,
        };
        return fits ? curve : null;
    }

    public static ProtoReconstructionQuality ToProto(string label, ReconstructedCohort cohort)
    {
        var quality = cohort.Quality;
        var message = new ProtoReconstructionQuality
        {
            Label = label,
            Subjects = cohort.Subjects,
            Events = cohort.EventCount,
            MaxAbsoluteDifference = quality.MaxAbsoluteDifference,
            MeanAbsoluteDifference = quality.MeanAbsoluteDifference,
            PointsMadeMonotone = quality.PointsMadeMonotone,
        };
        if (quality.TotalEventsGiven is { } events) message.TotalEventsGiven = events;
        foreach (var check in quality.AtRisk)
        {
            var row = new V1.AtRiskCheck { Time = check.Time, Rebuilt = check.Rebuilt };
            if (check.Given is { } given) row.Given = given;
            message.AtRisk.Add(row);
        }
        return message;
    }

    /// <summary>The rebuilt patients as subjects of the arm's group, ready for any RPC's cohort.</summary>
    public static IEnumerable<Subject> ToSubjects(string label, ReconstructedCohort cohort) =>
        cohort.Times.Select((time, i) => new Subject { Time = time, Event = cohort.Events[i], Group = label });

    public static OneSampleTest ToProto(OneSampleLogRankResult result)
    {
        var message = new OneSampleTest
        {
            Group = result.Group,
            Subjects = result.Subjects,
            Observed = result.Observed,
            Expected = result.Expected,
            Variance = ToProto(result.VarianceMethod),
            BeyondReference = result.BeyondReference,
            NotEstimableReason = result.NotEstimableReason ?? "",
        };
        if (result.Ratio is { } ratio) message.Ratio = ratio;
        if (result.Lower is { } lower) message.Lower = lower;
        if (result.Upper is { } upper) message.Upper = upper;
        if (result.Z is { } z) message.Z = z;
        if (result.PValue is { } p) message.PValue = p;
        if (result.PValueFewer is { } fewer) message.PValueFewer = fewer;
        if (result.ExactPValue is { } exact) message.ExactPValue = exact;
        return message;
    }

    public static PooledResult ToProto(PooledEstimate pooled)
    {
        var message = new PooledResult
        {
            Method = ToProto(pooled.Method),
            Studies = pooled.Studies,
            LogEstimate = pooled.Estimate,
            StdError = pooled.StdError,
            Estimate = Math.Exp(pooled.Estimate),
            Lower = Math.Exp(pooled.Lower),
            Upper = Math.Exp(pooled.Upper),
            Z = pooled.Z,
            PValue = pooled.PValue,
            Tau2 = pooled.Tau2,
            Tau = pooled.Tau,
            Q = pooled.Q,
            QDegreesOfFreedom = pooled.QDegreesOfFreedom,
            Iterations = pooled.Iterations,
            Converged = pooled.Converged,
        };
        if (pooled.QPValue is { } qp) message.QPValue = qp;
        if (pooled.I2 is { } i2) message.I2 = i2;
        if (pooled.H2 is { } h2) message.H2 = h2;
        if (pooled.PredictionLower is { } low) message.PredictionLower = Math.Exp(low);
        if (pooled.PredictionUpper is { } high) message.PredictionUpper = Math.Exp(high);
        return message;
    }

    /// <summary>A study's row: its estimate on both scales with its interval, and its weight in each pooled result.</summary>
    public static StudyResult ToProto(StudyEstimate estimate, ConfidenceLevel level, IEnumerable<double> weights)
    {
        var (ratio, lower, upper) = estimate.RatioInterval(level);
        return new StudyResult
        {
            Label = estimate.Label, LogEstimate = estimate.Estimate, StdError = estimate.StdError,
            Estimate = ratio, Lower = lower, Upper = upper, Weights = { weights },
        };
    }
}
