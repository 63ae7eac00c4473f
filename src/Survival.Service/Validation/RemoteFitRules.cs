using Survival.Core;
using Survival.V1;

namespace Survival.Service.Validation;

/// <summary>The checks of a remote fit's messages: the model the data side asks for and its summary of the data.</summary>
internal static class RemoteFitRules
{
    /// <summary>Throws INVALID_ARGUMENT naming what is wrong with the model.</summary>
    public static void Check(RemoteCoxModel model)
    {
        var violations = new FieldViolations();
        if (model.Terms.Count == 0) violations.Add("cox.terms", "must name at least one covariate or factor");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < model.Terms.Count; t++)
        {
            if (model.Terms[t].Length == 0) violations.Add($"cox.terms[{t}]", "must name a column");
            else if (!seen.Add(model.Terms[t])) violations.Add($"cox.terms[{t}]", $"names '{model.Terms[t]}' twice");
        }
        for (var f = 0; f < model.Factors.Count; f++)
            if (!seen.Contains(model.Factors[f])) violations.Add($"cox.factors[{f}]", "must be one of the terms");
        EnumRules.CheckDefined(model.Ties, "cox.ties", violations);
        if (model.Ties == TieMethod.Exact)
            violations.Add("cox.ties", Core.Cox.CoxSumsRegression.TiesRequirement);
        if (model.ConfLevel != 0 && !InputRules.IsConfidenceLevel(model.ConfLevel)) violations.Add("cox.conf_level", InputRules.ConfidenceLevelRequirement);
        if (model.MaxIterations < 0) violations.Add("cox.max_iterations", "must be at least 1, or 0 for R's 20");
        violations.ThrowIfAny();
    }

    /// <summary>Throws INVALID_ARGUMENT naming what is wrong with the parametric model.</summary>
    public static void Check(RemoteParametricModel model)
    {
        var violations = new FieldViolations();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < model.Terms.Count; t++)
        {
            if (model.Terms[t].Length == 0) violations.Add($"parametric.terms[{t}]", "must name a column");
            else if (!seen.Add(model.Terms[t])) violations.Add($"parametric.terms[{t}]", $"names '{model.Terms[t]}' twice");
        }
        for (var f = 0; f < model.Factors.Count; f++)
            if (!seen.Contains(model.Factors[f])) violations.Add($"parametric.factors[{f}]", "must be one of the terms");
        if (model.Distribution is not (Distribution.Exponential or Distribution.Weibull or Distribution.LogNormal or Distribution.LogLogistic))
            violations.Add("parametric.distribution", Core.Parametric.ParametricSumsRegression.DistributionRequirement);
        if (model.ConfLevel != 0 && !InputRules.IsConfidenceLevel(model.ConfLevel)) violations.Add("parametric.conf_level", InputRules.ConfidenceLevelRequirement);
        if (model.MaxIterations < 0) violations.Add("parametric.max_iterations", "must be at least 1, or 0 for R's 30");
        ParametricReader.CheckPredictions(model.Times, model.Quantiles, model.HasHorizon ? model.Horizon : null, model.HasRmstTau ? model.RmstTau : null,
            model.GridPoints, "parametric.", violations);
        violations.ThrowIfAny();
    }

    /// <summary>
    /// Throws INVALID_ARGUMENT naming a profile of the parametric model that does not fit its checked summary: as
    /// FitParametricModel's profiles, every term given, a factor at one of the levels the rows have, a stratum the rows have.
    /// </summary>
    public static void CheckProfiles(RemoteParametricModel model, RemoteSummary summary)
    {
        var violations = new FieldViolations();
        IReadOnlyList<string>? LevelsOf(string term) => model.Factors.IndexOf(term) is var factor and >= 0 ? summary.FactorLevels[factor].Levels : null;
        for (var k = 0; k < model.Profiles.Count; k++)
            ParametricReader.CheckProfile(model.Profiles[k], $"parametric.profiles[{k}]", model.Terms, LevelsOf, model.Stratified, summary.Strata, violations);
        violations.ThrowIfAny();
    }

    /// <summary>Throws INVALID_ARGUMENT naming what is wrong with the summary of the model's data.</summary>
    /// <param name="model">The model's terms (a parametric model's as a Cox model without strata).</param>
    /// <param name="summary">The data side's summary.</param>
    /// <param name="wholeWeights">Whether weights must be whole: coxph's, whose variance is otherwise robust; survreg's need not be.</param>
    /// <param name="positiveTimes">Whether times must be above 0: a parametric family's, which reads log t.</param>
    public static void Check(RemoteCoxModel model, RemoteSummary summary, bool wholeWeights = true, bool positiveTimes = false)
    {
        var violations = new FieldViolations();
        if (summary.Rows < 1) violations.Add("summary.rows", "must be at least 1: the data side found no rows");
        if (summary.UnreadableRows > 0)
            violations.Add("summary.unreadable_rows", $"must be 0: {summary.UnreadableRows} rows have a missing or invalid time, event, entry, weight, stratum or term");
        if (wholeWeights && summary.FractionalWeights > 0)
            violations.Add("summary.fractional_weights",
                $"must be 0: {summary.FractionalWeights} weights are not whole, for which R reports the robust variance, which needs each subject's residuals");
        if (positiveTimes && summary.ZeroTimes > 0)
            violations.Add("summary.zero_times",
                $"must be 0 for a parametric fit: {summary.ZeroTimes} rows have a time of 0, whose log a log-time family cannot take (survreg refuses them too)");
        if (!(double.IsFinite(summary.MaxTime) && summary.MaxTime >= 0))
            violations.Add("summary.max_time", "must be a finite time >= 0 (0 when the data side does not report it)");
        if (summary.TermMeans.Count != model.Terms.Count)
            violations.Add("summary.term_means", $"must have one mean per term ({model.Terms.Count}); it has {summary.TermMeans.Count}");
        for (var t = 0; t < summary.TermMeans.Count; t++)
            if (!double.IsFinite(summary.TermMeans[t])) violations.Add($"summary.term_means[{t}]", "must be finite");
        if (summary.FactorLevels.Count != model.Factors.Count)
            violations.Add("summary.factor_levels", $"must have one entry per factor ({model.Factors.Count}); it has {summary.FactorLevels.Count}");
        for (var f = 0; f < summary.FactorLevels.Count; f++)
        {
            var levels = summary.FactorLevels[f];
            var field = $"summary.factor_levels[{f}]";
            if (f < model.Factors.Count && levels.Term != model.Factors[f]) violations.Add($"{field}.term", $"must be '{model.Factors[f]}'");
            if (levels.Levels.Count != levels.Counts.Count) violations.Add($"{field}.counts", "must have one count per level");
            if (levels.Levels.Count < 2) violations.Add($"{field}.levels", $"of factor '{levels.Term}' must number at least 2 (it has {levels.Levels.Count})");
            if (levels.Levels.Distinct(StringComparer.Ordinal).Count() != levels.Levels.Count) violations.Add($"{field}.levels", "must be distinct");
            if (levels.Counts.Any(c => c < 1)) violations.Add($"{field}.counts", "must each be at least 1");
            else if (levels.Counts.Sum() != summary.Rows) violations.Add($"{field}.counts", $"must add up to the rows ({summary.Rows})");
        }
        if (model.Stratified && summary.Strata.Count == 0) violations.Add("summary.strata", "must name the strata of a stratified model");
        if (!model.Stratified && summary.Strata.Count > 0) violations.Add("summary.strata", "must be empty when the model is not stratified");
        if (summary.Strata.Distinct(StringComparer.Ordinal).Count() != summary.Strata.Count) violations.Add("summary.strata", "must be distinct");
        violations.ThrowIfAny();
    }
}
