using Google.Protobuf;
using Survival.V1;
using Survival.Core.Cox;
using Survival.Core.Inference;

namespace Survival.Service.Mapping;

/// <summary>This part: Cox regression with covariates.</summary>
internal static partial class ProtoMapper
{
    /// <summary>The request's terms in model order; none means the group factor.</summary>
    public static IReadOnlyList<string> CoxTerms(FitCoxModelRequest request) =>
        request.Terms.Count == 0 ? [CoxTermSource.GroupTerm] : request.Terms;

    /// <summary>The validated request's data in the engine's terms.</summary>
    public static CoxRegressionData ToCoxRegressionData(FitCoxModelRequest request)
    {
        var source = CoxTermSource.Of(request.Cohort);
        var cohort = source.Cohort();
        return CoxRegressionData.Create(
            cohort.Data,
            [.. CoxTerms(request).Select(source.Covariate)],
            request.Stratified ? cohort.Strata : null,
            cohort.Ids,
            cohort.Causes);
    }

    public static CoxRegressionOptions ToCoxRegressionOptions(FitCoxModelRequest request) => new(
        ToCore(request.Ties),
        Level(request.ConfLevel),
        request.TestProportionalHazards)
    {
        Robust = request.Robust,
        CauseOfInterest = request.CauseOfInterest.Length > 0 ? request.CauseOfInterest : null,
    };

    /// <summary>The request's covariate profiles for adjusted curves, unnamed ones labelled by position.</summary>
    public static IReadOnlyList<CoxProfile> ToCoxProfiles(FitCoxModelRequest request) =>
        [.. request.CurvesAt.Select((profile, k) => new CoxProfile(
            profile.Label.Length > 0 ? profile.Label : $"profile {k + 1}",
            profile.Covariates.ToDictionary(c => c.Key, c => c.Value),
            profile.Factors.ToDictionary(f => f.Key, f => f.Value)))];

    public static FitCoxModelResponse ToResponse(Core.Cox.CoxModel fit)
    {
        var message = new FitCoxModelResponse
        {
            LikelihoodRatio = ToProto(fit.LikelihoodRatio),
            Wald = ToProto(fit.Wald),
            Score = ToProto(fit.Score),
            Iterations = fit.Iterations,
            Converged = fit.Converged,
            ConvergenceMessage = fit.NotConvergedReason ?? "",
            Subjects = fit.Subjects,
            Events = fit.Events,
            Robust = fit.Robust,
            Clusters = fit.Clusters,
            CauseOfInterest = fit.CauseOfInterest ?? "",
        };
        if (fit.LogLikelihoodNull is { } nullLikelihood) message.LogLikelihoodNull = nullLikelihood;
        if (fit.LogLikelihood is { } likelihood) message.LogLikelihood = likelihood;
        if (fit.Concordance is { } concordance) message.Concordance = concordance.Value;
        if (fit.Concordance?.StdError is { } stdError) message.ConcordanceStdError = stdError;
        if (fit.RobustScore is { } robustScore) message.RobustScore = ToProto(robustScore);
        foreach (var coefficient in fit.Coefficients)
        {
            message.Coefficients.Add(WithEstimate(
                new V1.CoxCoefficient { Term = coefficient.Term, Level = coefficient.Level, ReferenceLevel = coefficient.ReferenceLevel },
                coefficient.Estimate));
        }
        if (fit.ProportionalHazards is { } zph)
        {
            message.ProportionalHazards = new V1.ProportionalHazardsTest { Global = ToProto("GLOBAL", zph.Global) };
            foreach (var term in zph.Terms) message.ProportionalHazards.Terms.Add(ToProto(term.Term, term.Test));
        }
        foreach (var curve in fit.Curves) message.Curves.Add(ToProto(curve));
        return message;
    }

    private static AdjustedCurve ToProto(AdjustedSurvivalCurve curve)
    {
        var message = new AdjustedCurve { Label = curve.Label, Stratum = curve.Stratum ?? "" };
        foreach (var point in curve.Points)
        {
            var proto = new AdjustedCurvePoint
            {
                Time = point.Time, Survival = point.Survival, StdError = point.StdError, Lower = point.Lower, Upper = point.Upper,
                AtRisk = point.AtRisk, Events = point.Events,
            };
            if (point.WeightedAtRisk is { } weightedAtRisk) proto.WeightedAtRisk = weightedAtRisk;
            if (point.WeightedEvents is { } weightedEvents) proto.WeightedEvents = weightedEvents;
            if (point.CumulativeIncidence is { } incidence)
                (proto.CumulativeIncidence, proto.IncidenceLower, proto.IncidenceUpper) = (incidence.Value, incidence.Lower, incidence.Upper);
            message.Points.Add(proto);
        }
        return message;
    }

    /// <summary>
    /// Fills a coefficient message's estimate fields — <c>HazardRatio</c> and <c>CoxCoefficient</c> share their names
    /// and types (coefficient, std_error, naive_std_error, hazard_ratio, lower, upper, z, p_value, not_estimable_reason),
    /// so one mapping writes both; an absent value leaves its optional field unset.
    /// </summary>
    private static TMessage WithEstimate<TMessage>(TMessage message, CoxCoefficientEstimate estimate) where TMessage : IMessage
    {
        var fields = message.Descriptor;
        void Set(string name, double? value)
        {
            if (value is { } v) fields.FindFieldByName(name).Accessor.SetValue(message, v);
        }
        Set("coefficient", estimate.Coefficient);
        Set("std_error", estimate.StdError);
        Set("naive_std_error", estimate.NaiveStdError);
        Set("hazard_ratio", estimate.HazardRatio);
        Set("lower", estimate.Lower);
        Set("upper", estimate.Upper);
        Set("z", estimate.Z);
        Set("p_value", estimate.PValue);
        fields.FindFieldByName("not_estimable_reason").Accessor.SetValue(message, estimate.NotEstimableReason ?? "");
        return message;
    }

    private static TermTest ToProto(string term, ChiSquareTest test) => new()
    {
        Term = term,
        ChiSquare = test.ChiSquare ?? 0,
        DegreesOfFreedom = test.DegreesOfFreedom,
        PValue = test.PValue ?? 1,
    };
}
