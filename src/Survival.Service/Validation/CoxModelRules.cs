using Survival.Service.Mapping;
using Survival.V1;
using Survival.Core;
using Survival.Core.Cox;

namespace Survival.Service.Validation;

/// <summary>What a <see cref="FitCoxModelRequest"/> must satisfy, reported by field path.</summary>
internal static class CoxModelRules
{
    public const string CountsRequirement =
        "cannot carry covariates: FitCoxModel needs per-subject data (cohort.subjects or cohort.columns)";

    public static void Check(FitCoxModelRequest request, FieldViolations violations)
    {
        var cohort = request.Cohort;
        if (cohort is not null && cohort.Counts.Count > 0)
        {
            violations.Add("cohort.counts", CountsRequirement);
            return;
        }
        EnumRules.CheckDefined(request.Ties, "ties", violations);
        if (request.ConfLevel != 0 && !InputRules.IsConfidenceLevel(request.ConfLevel))
            violations.Add("conf_level", InputRules.ConfidenceLevelRequirement);
        if (request.ForestPlot is not null) PlotRules.Check(request.ForestPlot, "forest_plot", violations);

        // Times, events, dates and labels are checked as for every RPC; the covariates below.
        var reader = new CohortReader();
        reader.Read(cohort, violations);
        reader.Finish(violations);
        var columnsForm = cohort is not null && cohort.Subjects.Count == 0 && cohort.Columns is not null;
        if (columnsForm) CoxColumnsRules.Check(cohort!.Columns!, "cohort.columns", violations);
        if (violations.Any) return;
        if ((SubjectCohort.IsWeighted(cohort!) || request.CauseOfInterest.Length > 0) && request.Ties == V1.TieMethod.Exact)
            violations.Add(CombinationRules.ExactTiesWithWeights.Field, CombinationRules.ExactTiesWithWeights.Requirement);
        if (request.CauseOfInterest.Length > 0) CheckCauseOfInterest(request.CauseOfInterest, cohort!, violations);

        var source = CoxTermSource.Of(cohort!);
        var terms = ProtoMapper.CoxTerms(request);
        if (terms.Count > CoxRegressionData.MaxTerms)
            violations.Add("terms", $"may name at most {CoxRegressionData.MaxTerms} terms, not {terms.Count}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var coefficients = 0;
        for (var t = 0; t < terms.Count; t++)
        {
            var field = request.Terms.Count == 0 ? "terms" : $"terms[{t}]";
            var term = terms[t];
            if (!seen.Add(term)) violations.Add(field, $"names '{term}' a second time; each term may appear once");
            else coefficients += source.CheckTerm(term, field, violations);
        }
        if (violations.Any) return;

        // A Fine–Gray model's events are those of its cause.
        var events = request.CauseOfInterest.Length > 0 ? CauseEvents(cohort!, request.CauseOfInterest) : source.EventCount;
        if (events == 0) violations.Add("cohort", "has no events; a Cox model needs at least one");
        else if (coefficients > events) violations.Add("terms", CoxRegressionRules.TooManyCoefficients(coefficients, events));
        else if (coefficients > CoxRegressionData.MaxColumns)
            violations.Add("terms", $"make {coefficients} coefficients; at most {CoxRegressionData.MaxColumns} are allowed");

        for (var k = 0; k < request.CurvesAt.Count; k++)
            CheckProfile(request.CurvesAt[k], $"curves_at[{k}]", terms, source, violations);
    }

    /// <summary>A Fine–Gray model's cause must be one the cohort's events name.</summary>
    private static void CheckCauseOfInterest(string cause, Cohort cohort, FieldViolations violations)
    {
        var causes = Causes(cohort).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (causes.Length == 0)
            violations.Add("cause_of_interest", "needs competing causes in the cohort (Subject.cause or SubjectColumns.cause): a Fine–Gray model compares one cause with the others");
        else if (!causes.Contains(cause))
            violations.Add("cause_of_interest", $"{CoxRegressionRules.CauseOfInterestRequirement}: {string.Join(", ", causes.Select(c => $"'{c}'"))}");
    }

    private static int CauseEvents(Cohort cohort, string cause) => Causes(cohort).Count(c => c == cause);

    /// <summary>The cause of each event that names one.</summary>
    private static IEnumerable<string> Causes(Cohort cohort) => cohort.Columns is { } columns && cohort.Subjects.Count == 0
        ? columns.Cause.Select(c => columns.CauseLabels[(int)c]).Where(c => c.Length > 0)
        : cohort.Subjects.Where(s => s.Event && s.Cause.Length > 0).Select(s => s.Cause);

    private static void CheckProfile(CovariateProfile profile, string path, IReadOnlyList<string> terms, CoxTermSource source, FieldViolations violations)
    {
        foreach (var term in terms)
        {
            if (source.IsFactor(term))
            {
                var levels = source.Levels(term);
                if (!profile.Factors.TryGetValue(term, out var label))
                    violations.Add($"{path}.factors[\"{term}\"]", "is missing; a profile gives every term of the model");
                else if (!levels.Contains(label))
                    violations.Add($"{path}.factors[\"{term}\"]", "must be one of the levels " + string.Join(", ", levels.Select(l => $"'{l}'")));
            }
            else if (!profile.Covariates.TryGetValue(term, out var value))
                violations.Add($"{path}.covariates[\"{term}\"]", "is missing; a profile gives every term of the model");
            else if (!double.IsFinite(value))
                violations.Add($"{path}.covariates[\"{term}\"]", CoxRegressionRules.CovariateRequirement);
        }
    }
}
