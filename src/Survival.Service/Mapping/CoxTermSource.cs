using Survival.Service.Validation;
using Survival.V1;
using Survival.Core.Cox;
using Survival.Core.Parametric;
using Survival.Core.Regression;

namespace Survival.Service.Mapping;

/// <summary>
/// Where a Cox model's terms come from: per-subject maps (<c>cohort.subjects</c>) or packed columns
/// (<c>cohort.columns</c>). The one place that reads covariates and factors out of a cohort, for validation and mapping.
/// </summary>
internal abstract class CoxTermSource
{
    /// <summary>The term that means the cohort's group labels as a factor.</summary>
    public const string GroupTerm = "group";

    public static CoxTermSource Of(Cohort cohort) =>
        cohort.Subjects.Count == 0 && cohort.Columns is not null ? new ColumnCoxTerms(cohort) : new SubjectCoxTerms(cohort);

    public abstract int EventCount { get; }

    /// <summary>Times, events and strata.</summary>
    public abstract SubjectCohort Cohort();

    /// <summary>Each subject's stratum, in R's level order.</summary>
    public abstract Factor Strata();

    /// <summary>
    /// Each subject's observation in a cohort that gives intervals: its interval (left, right], or its time and event
    /// as an exact time or a right-censoring.
    /// </summary>
    public abstract CensoredObservations Intervals();

    public abstract bool IsFactor(string term);

    /// <summary>The factor's distinct labels in R's sort order.</summary>
    public abstract IReadOnlyList<string> Levels(string term);

    /// <summary>Records what is wrong with <paramref name="term"/>; returns the number of coefficients it makes.</summary>
    public abstract int CheckTerm(string term, string field, FieldViolations violations);

    /// <summary>The term as the engine takes it; the term has passed <see cref="CheckTerm"/>.</summary>
    public abstract CoxCovariate Covariate(string term);

    /// <summary>The common check of a factor's levels.</summary>
    protected static int CheckLevels(string term, int levels, string field, FieldViolations violations)
    {
        if (levels >= 2) return levels - 1;
        violations.Add(field, $"names factor '{term}', which {CoxRegressionRules.FactorLevelsRequirement} (it has {levels})");
        return 0;
    }

    protected static string UnknownTerm(IEnumerable<string> known) =>
        "names no covariate or factor of the cohort; known: " + string.Join(", ", known.Prepend(GroupTerm).Select(k => $"'{k}'"));
}
