using System.Collections.Immutable;
using Survival.Core.Inference;
using Survival.Core.Parametric;
using Survival.Service.Validation;
using Survival.V1;
using CoreDistribution = Survival.Core.Parametric.ParametricDistribution;
using ProtoDistribution = Survival.V1.Distribution;

namespace Survival.Service.Mapping;

/// <summary>This part: parametric survival models.</summary>
internal static partial class ProtoMapper
{
    /// <summary>The request's terms in model order; none means the group factor when there are groups, else the intercept alone.</summary>
    public static IReadOnlyList<string> ParametricTerms(FitParametricModelRequest request, int groups) =>
        request.Terms.Count > 0 ? request.Terms : groups > 1 ? [CoxTermSource.GroupTerm] : [];

    public static CoreDistribution ToCore(ProtoDistribution distribution) => distribution switch
    {
        ProtoDistribution.Exponential => CoreDistribution.Exponential,
        ProtoDistribution.Weibull => CoreDistribution.Weibull,
        ProtoDistribution.LogNormal => CoreDistribution.LogNormal,
        ProtoDistribution.LogLogistic => CoreDistribution.LogLogistic,
        ProtoDistribution.Gompertz => CoreDistribution.Gompertz,
        ProtoDistribution.GeneralizedGamma => CoreDistribution.GeneralizedGamma,
        _ => throw new ArgumentOutOfRangeException(nameof(distribution)),
    };

    public static ProtoDistribution ToProto(CoreDistribution distribution) => distribution switch
    {
        CoreDistribution.Exponential => ProtoDistribution.Exponential,
        CoreDistribution.Weibull => ProtoDistribution.Weibull,
        CoreDistribution.LogNormal => ProtoDistribution.LogNormal,
        CoreDistribution.LogLogistic => ProtoDistribution.LogLogistic,
        CoreDistribution.Gompertz => ProtoDistribution.Gompertz,
        _ => ProtoDistribution.GeneralizedGamma,
    };

    /// <summary>The validated request's options; unnamed profiles are labelled by position.</summary>
    public static ParametricOptions ToParametricOptions(FitParametricModelRequest request) => ToParametricOptions(
        request.ConfLevel, request.Profiles, request.Times, request.Quantiles, request.HasHorizon ? request.Horizon : null,
        request.HasRmstTau ? request.RmstTau : null, request.GridPoints);

    /// <summary>
    /// What to predict, from the fields FitParametricModelRequest and RemoteParametricModel share (checked by
    /// <see cref="ParametricReader.CheckPredictions"/>); unnamed profiles are labelled by position.
    /// </summary>
    private static ParametricOptions ToParametricOptions(
        double confLevel, IEnumerable<PredictionProfile> profiles, IEnumerable<double> times, IReadOnlyCollection<double> quantiles, double? horizon,
        double? rmstTau, int gridPoints) => new()
    {
        Level = Level(confLevel),
        Profiles = [.. profiles.Select((p, k) => new ParametricProfile(
            p.Label.Length > 0 ? p.Label : $"profile {k + 1}",
            p.Covariates.ToDictionary(c => c.Key, c => c.Value),
            p.Factors.ToDictionary(f => f.Key, f => f.Value),
            p.Stratum.Length > 0 ? p.Stratum : null))],
        Times = [.. times],
        Quantiles = quantiles.Count > 0 ? [.. quantiles] : [0.25, 0.5, 0.75],
        Horizon = horizon,
        GridIntervals = gridPoints > 0 ? gridPoints - 1 : 100,
        RmstTau = rmstTau,
    };

    public static FitParametricModelResponse ToProto(ParametricAnalysis analysis, ImmutableArray<Core.Parametric.ParametricFit> fits)
    {
        var response = new FitParametricModelResponse
        {
            Subjects = analysis.Data.Subjects,
            Events = analysis.Data.Events,
            LastFollowUp = analysis.Data.LastTime,
            TimeUnit = analysis.Cohort.TimeUnit,
        };
        foreach (var fit in fits) response.Fits.Add(ToProto(fit));
        foreach (var (distribution, reason) in analysis.Unfitted)
            response.Fits.Add(new V1.ParametricFit { Distribution = ToProto(distribution), Converged = false, NotConvergedReason = reason });
        return response;
    }

    private static V1.ParametricFit ToProto(Core.Parametric.ParametricFit fit)
    {
        var message = new V1.ParametricFit
        {
            Distribution = ToProto(fit.Distribution),
            Parameters = fit.ParameterCount,
            LikelihoodRatio = ToLikelihoodRatio(fit.LikelihoodRatio),
            Iterations = fit.Iterations,
            Converged = fit.Converged,
            NotConvergedReason = fit.NotConvergedReason ?? "",
            Note = fit.Note ?? "",
            ParameterNames = { fit.ParameterNames },
            Variance = { fit.Variance },
        };
        if (fit.LogLikelihood is { } loglik) message.LogLikelihood = loglik;
        if (fit.LogLikelihoodNull is { } loglikNull) message.LogLikelihoodNull = loglikNull;
        if (fit.Aic is { } aic) message.Aic = aic;
        if (fit.Bic is { } bic) message.Bic = bic;
        foreach (var coefficient in fit.Coefficients) message.Coefficients.Add(ToProto(coefficient));
        foreach (var a in fit.Ancillary)
        {
            var parameter = new AncillaryParameter { Name = a.Name, Stratum = a.Stratum, Estimate = a.Estimate };
            if (a.StdError is { } se) parameter.StdError = se;
            if (a.Lower is { } lower) parameter.Lower = lower;
            if (a.Upper is { } upper) parameter.Upper = upper;
            message.Ancillary.Add(parameter);
        }
        foreach (var prediction in fit.Predictions) message.Predictions.Add(ToProto(prediction));
        return message;
    }

    private static LikelihoodRatioTest ToLikelihoodRatio(ChiSquareTest test)
    {
        var message = new LikelihoodRatioTest { DegreesOfFreedom = test.DegreesOfFreedom, NotEstimableReason = test.NotEstimableReason ?? "" };
        if (test.ChiSquare is { } chi) message.ChiSquare = chi;
        if (test.PValue is { } p) message.PValue = p;
        return message;
    }

    private static V1.ParametricCoefficient ToProto(Core.Parametric.ParametricCoefficient coefficient)
    {
        var message = new V1.ParametricCoefficient
        {
            Term = coefficient.Term, Level = coefficient.Level, ReferenceLevel = coefficient.ReferenceLevel,
            NotEstimableReason = coefficient.NotEstimableReason ?? "",
        };
        if (coefficient.Estimate is { } estimate) message.Estimate = estimate;
        if (coefficient.StdError is { } se) message.StdError = se;
        if (coefficient.Lower is { } lower) message.Lower = lower;
        if (coefficient.Upper is { } upper) message.Upper = upper;
        if (coefficient.Z is { } z) message.Z = z;
        if (coefficient.PValue is { } p) message.PValue = p;
        if (coefficient.TimeRatio is { } timeRatio) message.TimeRatio = ToProto(timeRatio);
        if (coefficient.HazardRatio is { } hazardRatio) message.HazardRatio = ToProto(hazardRatio);
        return message;
    }

    private static V1.RatioEstimate ToProto(Core.Parametric.RatioEstimate ratio)
    {
        var message = new V1.RatioEstimate { NotEstimableReason = ratio.NotEstimableReason ?? "" };
        if (ratio.Estimate is { } estimate) message.Estimate = estimate;
        if (ratio.Lower is { } lower) message.Lower = lower;
        if (ratio.Upper is { } upper) message.Upper = upper;
        if (ratio.LogStdError is { } se) message.LogStdError = se;
        return message;
    }

    private static ProfilePrediction ToProto(ParametricPrediction prediction)
    {
        var message = new ProfilePrediction
        {
            Label = prediction.Label, Stratum = prediction.Stratum, LinearPredictor = prediction.LinearPredictor, Mean = ToProto(prediction.Mean),
        };
        foreach (var point in prediction.AtTimes) message.AtTimes.Add(ToProto(point));
        foreach (var point in prediction.Curve) message.Curve.Add(ToProto(point));
        foreach (var q in prediction.Quantiles)
        {
            var quantile = new V1.ParametricQuantile { Probability = q.Probability };
            if (q.Time is { } time) quantile.Time = time;
            if (q.StdError is { } se) quantile.StdError = se;
            if (q.Lower is { } lower) quantile.Lower = lower;
            if (q.Upper is { } upper) quantile.Upper = upper;
            message.Quantiles.Add(quantile);
        }
        if (prediction.Rmst is { } rmst) message.Rmst = ToProto(rmst);
        return message;
    }

    private static ParametricPoint ToProto(ParametricCurvePoint point)
    {
        var message = new ParametricPoint { Time = point.Time, Survival = point.Survival, CumulativeHazard = point.CumulativeHazard };
        if (point.SurvivalLower is { } sl) message.SurvivalLower = sl;
        if (point.SurvivalUpper is { } su) message.SurvivalUpper = su;
        if (point.CumulativeHazardStdError is { } se) message.CumulativeHazardStdError = se;
        if (point.Hazard is { } h) message.Hazard = h;
        if (point.HazardLower is { } hl) message.HazardLower = hl;
        if (point.HazardUpper is { } hu) message.HazardUpper = hu;
        return message;
    }

    private static V1.ParametricMean ToProto(Core.Parametric.ParametricMean mean)
    {
        var message = new V1.ParametricMean { NotEstimableReason = mean.NotEstimableReason ?? "" };
        if (mean.Tau is { } tau) message.Tau = tau;
        if (mean.Estimate is { } estimate) message.Estimate = estimate;
        if (mean.StdError is { } se) message.StdError = se;
        if (mean.Lower is { } lower) message.Lower = lower;
        if (mean.Upper is { } upper) message.Upper = upper;
        return message;
    }
}
