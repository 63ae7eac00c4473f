using Survival.V1;
using Survival.Core.CompetingRisks;
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
            request.Stratified ? cohort.Strata : null);
    }

    public static CoxRegressionOptions ToCoxRegressionOptions(FitCoxModelRequest request) => new(
        ToCore(request.Ties),
        Level(request.ConfLevel),
        request.TestProportionalHazards);

    /// <summary>The request's covariate profiles for adjusted curves, unnamed ones labelled by position.</summary>
    public static IReadOnlyList<CoxProfile> ToCoxProfiles(FitCoxModelRequest request) =>
        [.. request.CurvesAt.Select((profile, k) => new CoxProfile(
            profile.Label.Length > 0 ? profile.Label : $"profile {k + 1}",
            profile.Covariates.ToDictionary(c => c.Key, c => c.Value),
            profile.Factors.ToDictionary(f => f.Key, f => f.Value)))];

    public static FitCoxModelResponse ToProto(CoxRegressionResult fit)
    {
        var message = new FitCoxModelResponse
        {
            LikelihoodRatio = ToProto(fit.LikelihoodRatio),
            Wald = ToProto(fit.Wald),
            Score = ToProto(fit.Score),
            LogLikelihoodNull = fit.LogLikelihoodNull,
            LogLikelihood = fit.LogLikelihood,
            Iterations = fit.Iterations,
            Converged = fit.Converged,
            ConvergenceMessage = fit.NotConvergedReason ?? "",
            Subjects = fit.Subjects,
            Events = fit.Events,
        };
        if (fit.Concordance is { } concordance)
        {
            message.Concordance = concordance.Value;
            message.ConcordanceStdError = concordance.StdError;
        }
        foreach (var coefficient in fit.Coefficients) message.Coefficients.Add(ToProto(coefficient));
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
            message.Points.Add(new AdjustedCurvePoint
            {
                Time = point.Time, Survival = point.Survival, StdError = point.StdError, Lower = point.Lower, Upper = point.Upper,
                AtRisk = point.AtRisk, Events = point.Events,
            });
        }
        return message;
    }

    private static CoxCoefficient ToProto(CoxRegressionCoefficient coefficient)
    {
        var estimate = coefficient.Estimate;
        var message = new CoxCoefficient
        {
            Term = coefficient.Term,
            Level = coefficient.Level,
            ReferenceLevel = coefficient.ReferenceLevel,
            NotEstimableReason = estimate.NotEstimableReason ?? "",
        };
        if (estimate.Coefficient is { } beta) message.Coefficient = beta;
        if (estimate.StdError is { } se) message.StdError = se;
        if (estimate.NaiveStdError is { } naive) message.NaiveStdError = naive;
        if (estimate.HazardRatio is { } ratio) message.HazardRatio = ratio;
        if (estimate.Lower is { } lower) message.Lower = lower;
        if (estimate.Upper is { } upper) message.Upper = upper;
        if (estimate.Z is { } z) message.Z = z;
        if (estimate.PValue is { } p) message.PValue = p;
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
