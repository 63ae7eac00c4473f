using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// Cox's (1972) proportional hazards regression on per-row covariates and factors, with strata, equal to R's
/// <c>coxph(Surv(time, status) ~ x1 + factor(f) + strata(s), ties = ...)</c> and its <c>summary()</c>; with (start, stop]
/// rows and subject ids, R's counting-process form <c>coxph(Surv(start, stop, status) ~ ..., id = id)</c> of
/// time-varying covariates; with a cause of interest, the Fine–Gray subdistribution hazard model.
/// </summary>
/// <remarks>
/// h(t | x) = h₀ₛ(t) exp(x'β) with a baseline hazard per stratum s, x the row's covariates over its (entry, time]. The
/// fit is the engine's (<see cref="CoxEngine"/>) on the rows of one (<see cref="CoxRows.OfSubjects"/>). The variance
/// follows R's rule: the robust sandwich when asked (R's <c>robust = TRUE</c> or <c>cluster(id)</c>), when a weight is
/// not whole, or when a subject has more than one event; clustered by the subject ids when given, else by row. Whole
/// weights are frequencies. With a cause of interest the rows are first expanded as R's <c>finegray</c> expands them
/// (<see cref="FineGray"/>) and the weighted model of the expansion is fitted, as
/// <c>coxph(Surv(fgstart, fgstop, fgstatus) ~ ..., weights = fgwt)</c>: its weights are not whole, so its variance is
/// robust, by row unless robust is asked, which clusters a subject's expanded rows (R's <c>+ cluster(id)</c>).
/// References: Cox (1972); Efron (1977); Andersen &amp; Gill (1982); Fine &amp; Gray (1999); Therneau &amp; Grambsch (2000).
/// </remarks>
public static class CoxRegression
{
    /// <summary>Fits the model, and draws the adjusted survival (Fine–Gray: cumulative incidence) curve of each of <paramref name="profiles"/>.</summary>
    /// <exception cref="InputRuleException">
    /// An option out of range, exact ties with case weights, a cause of interest that no event has, or a profile that
    /// lacks a term or names a level the factor does not have.
    /// </exception>
    public static CoxModel Fit(CoxRegressionData data, CoxRegressionOptions options, IReadOnlyList<CoxProfile>? profiles = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxIterations < 1) throw new InputRuleException("max_iterations", CoxRegressionRules.MaxIterationsRequirement);
        if (!Enum.IsDefined(options.Ties)) throw new InputRuleException("ties", "must be a known ties method");

        var fineGray = options.CauseOfInterest is { } cause ? FineGray.Expand(data, cause) : null;
        var model = fineGray ?? data;
        CombinationRules.CheckCoxTies(model.Survival.Weights, options.Ties);
        var robust = options.Robust || HasFractionalWeights(model) || (fineGray is null && data.RecurrentEvents);
        var clusters = robust && (fineGray is null || options.Robust) ? model.Ids : null;
        var design = CoxDesign.Build(model.Terms, model.Survival.Count);
        var rows = CoxRows.OfSubjects(model.Survival, model.Strata, clusters, design);
        var columns = design.Columns.Select(c => new CoxCoefficient(c.TermName, c.Level, c.ReferenceLevel, CoxCoefficientEstimate.NotEstimable(""))).ToArray();
        var (result, fit) = CoxEngine.Fit(rows, columns, [.. columns.Select(c => c.Name)],
            new CoxEngine.Options(options.Ties, options.ConfidenceLevel, robust, options.MaxIterations));
        fit = fit with { Design = design, CauseOfInterest = options.CauseOfInterest };
        result = result with { Stratified = data.Strata is not null, CauseOfInterest = options.CauseOfInterest };

        if (options.TestProportionalHazards)
        {
            if (options.Ties == TieMethod.Exact) result = result with { ProportionalHazardsNotEstimableReason = "R's cox.zph is defined for Efron and Breslow ties only" };
            else if (!fit.Finite) result = result with { ProportionalHazardsNotEstimableReason = "the model did not converge to finite coefficients" };
            else result = result with { ProportionalHazards = CoxZph.Compute(model.Survival, model.Terms, design, fit.Likelihood, fit.Beta, fit.Kept) };
        }
        return profiles is { Count: > 0 }
            ? result with { Curves = CoxAdjustedSurvival.Compute(fit, model.Terms, data.Strata?.Levels, profiles) }
            : result;
    }

    /// <summary>Some weight is not whole: R's coxph then reports the robust variance.</summary>
    private static bool HasFractionalWeights(CoxRegressionData data)
    {
        foreach (var w in data.Survival.Weights.Span) if (w != Math.Floor(w)) return true;
        return false;
    }
}
