using System.Collections.Immutable;
using Survival.V1;
using CoreConfidenceType = Survival.Core.Curves.ConfidenceType;
using CoreLandmark = Survival.Core.Curves.LandmarkEstimate;
using CoreQuantile = Survival.Core.Curves.QuantileEstimate;
using CoreRmst = Survival.Core.Curves.RmstEstimate;
using ProtoConfidenceType = Survival.V1.ConfidenceType;
using Survival.Core.CompetingRisks;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Service.Mapping;

/// <summary>The one place where proto messages and engine types are converted; requests are validated before. This part: estimates.</summary>
internal static partial class ProtoMapper
{
    public static SurvivalSummaryOptions ToCore(EstimateOptions? options)
    {
        if (options is null) return new SurvivalSummaryOptions();
        return new SurvivalSummaryOptions
        {
            Level = Level(options.ConfLevel),
            Type = ToCore(options.ConfType),
            Quantiles = options.Quantiles.Count == 0 ? SurvivalQuantile.DefaultProbabilities : [.. options.Quantiles],
            LandmarkTimes = [.. options.LandmarkTimes],
            RmstTau = options.HasRmstTau ? options.RmstTau : null,
            MedianFollowUp = options.MedianFollowUp,
            SimultaneousBand = ToCore(options.SimultaneousBand),
        };
    }

    /// <summary>The simultaneous band asked for; null when none (absent or method unspecified).</summary>
    public static Core.Curves.SimultaneousBandOptions? ToCore(V1.SimultaneousBandOptions? band)
    {
        if (band is null || band.Method == BandMethod.Unspecified) return null;
        return new Core.Curves.SimultaneousBandOptions
        {
            Method = band.Method == BandMethod.EqualPrecision ? SimultaneousBandMethod.EqualPrecision : SimultaneousBandMethod.HallWellner,
            Transform = band.Transform switch
            {
                V1.BandTransform.Linear => Core.Curves.BandTransform.Linear,
                V1.BandTransform.ArcsineSquareRoot => Core.Curves.BandTransform.ArcsineSquareRoot,
                _ => Core.Curves.BandTransform.LogLog,
            },
            From = band.HasFrom ? band.From : null,
            To = band.HasTo ? band.To : null,
        };
    }

    /// <summary>A request's confidence level: 0, the proto default, means 0.95.</summary>
    public static ConfidenceLevel Level(double confLevel) => confLevel == 0 ? ConfidenceLevel.Default : new ConfidenceLevel(confLevel);

    public static CoreConfidenceType ToCore(ProtoConfidenceType type) => type switch
    {
        ProtoConfidenceType.Unspecified or ProtoConfidenceType.Log => CoreConfidenceType.Log,
        ProtoConfidenceType.LogLog => CoreConfidenceType.LogLog,
        ProtoConfidenceType.Plain => CoreConfidenceType.Plain,
        ProtoConfidenceType.Logit => CoreConfidenceType.Logit,
        ProtoConfidenceType.Arcsin => CoreConfidenceType.Arcsine,
        ProtoConfidenceType.ThomasGrunkemeier => CoreConfidenceType.ThomasGrunkemeier,
        ProtoConfidenceType.Rothman => CoreConfidenceType.Rothman,
        ProtoConfidenceType.Peto => CoreConfidenceType.Peto,
        ProtoConfidenceType.BetaProduct => CoreConfidenceType.BetaProduct,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown confidence type"),
    };

    public static EstimateSurvivalResponse ToProto(ImmutableArray<GroupSummary> summaries)
    {
        var response = new EstimateSurvivalResponse();
        foreach (var summary in summaries) response.Groups.Add(ToProto(summary));
        return response;
    }

    public static GroupEstimate ToProto(GroupSummary group)
    {
        var (curve, band) = (group.Summary.Curve, group.Summary.Band);
        var estimate = new GroupEstimate
        {
            Group = group.Group,
            Subjects = curve.Subjects,
            Events = curve.TotalEvents,
            Censored = curve.TotalCensored,
            Median = ToProto(group.Summary.Median),
        };
        for (var i = 0; i < curve.Times.Length; i++)
        {
            var point = new CurvePoint
            {
                Time = curve.Times[i],
                AtRisk = curve.AtRisk[i],
                Events = curve.Events[i],
                Censored = curve.Censored[i],
                Survival = curve.Survival[i],
                CumulativeHazard = curve.CumulativeHazard[i],
                CumulativeHazardStdError = curve.CumulativeHazardStdErr[i],
                Entered = curve.Entered[i],
            };
            if (curve.StdErrSurvival(i) is { } stdError) point.StdError = stdError;
            if (curve.Weighted)
            {
                point.WeightedAtRisk = curve.WeightedAtRisk[i];
                point.WeightedEvents = curve.WeightedEvents[i];
            }
            if (band.Lower[i] is { } lower) point.Lower = lower;
            if (band.Upper[i] is { } upper) point.Upper = upper;
            estimate.Curve.Add(point);
        }
        foreach (var quantile in group.Summary.Quantiles) estimate.Quantiles.Add(ToProto(quantile));
        foreach (var landmark in group.Summary.Landmarks) estimate.Landmarks.Add(ToProto(landmark));
        if (group.Summary.Rmst is { } rmst) estimate.Rmst = ToProto(rmst);
        if (group.Summary.MedianFollowUp is { } followUp) estimate.MedianFollowUp = ToProto(followUp);
        if (group.CumulativeIncidence is { } incidence) estimate.CumulativeIncidence.Add(ToProto(incidence, group.Causes));
        if (group.Summary.SimultaneousBand is { } simultaneous) estimate.SimultaneousBand = ToProto(simultaneous, curve);
        return estimate;
    }

    private static IEnumerable<CumulativeIncidence> ToProto(CumulativeIncidenceCurve curve, ImmutableArray<string> causes) =>
        causes.Select((cause, c) =>
        {
            var message = new CumulativeIncidence { Cause = cause };
            var state = curve.Causes[c];
            for (var i = 0; i < curve.Times.Length; i++)
            {
                var point = new IncidencePoint
                {
                    Time = curve.Times[i], AtRisk = curve.AtRisk[i], Incidence = state.Probability[i], StdError = state.StdError[i],
                };
                if (state.Lower[i] is { } lower) point.Lower = lower;
                if (state.Upper[i] is { } upper) point.Upper = upper;
                message.Curve.Add(point);
            }
            return message;
        });

    private static SimultaneousBand ToProto(SimultaneousConfidenceBand band, KaplanMeierCurve curve)
    {
        var message = new SimultaneousBand
        {
            Method = band.Method == SimultaneousBandMethod.EqualPrecision ? BandMethod.EqualPrecision : BandMethod.HallWellner,
            Transform = band.Transform switch
            {
                Core.Curves.BandTransform.Linear => V1.BandTransform.Linear,
                Core.Curves.BandTransform.ArcsineSquareRoot => V1.BandTransform.ArcsineSquareRoot,
                _ => V1.BandTransform.LogLog,
            },
            From = band.From,
            To = band.To,
            ALower = band.ALower,
            AUpper = band.AUpper,
            CriticalValue = band.CriticalValue,
        };
        for (var i = 0; i < curve.Times.Length; i++)
        {
            if (band.Lower[i] is { } lower && band.Upper[i] is { } upper)
                message.Points.Add(new BandPoint { Time = curve.Times[i], Lower = lower, Upper = upper });
        }
        return message;
    }

    private static V1.QuantileEstimate ToProto(CoreQuantile quantile)
    {
        var message = new V1.QuantileEstimate { Probability = quantile.Probability };
        if (quantile.Time is { } time) message.Time = time;
        if (quantile.Lower is { } lower) message.Lower = lower;
        if (quantile.Upper is { } upper) message.Upper = upper;
        return message;
    }

    private static V1.LandmarkEstimate ToProto(CoreLandmark landmark)
    {
        var message = new V1.LandmarkEstimate { Time = landmark.Time, Survival = landmark.Survival, AtRisk = landmark.AtRisk };
        if (landmark.StdError is { } stdError) message.StdError = stdError;
        if (landmark.Lower is { } lower) message.Lower = lower;
        if (landmark.Upper is { } upper) message.Upper = upper;
        return message;
    }

    private static V1.RmstEstimate ToProto(CoreRmst rmst) => new()
    {
        Tau = rmst.Tau,
        Estimate = rmst.Estimate,
        StdError = rmst.StdError,
        Lower = rmst.Lower,
        Upper = rmst.Upper,
    };
}
