using System.Collections.Immutable;
using Survival.Core.Counting;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// The per-row data of a Cox regression: survival, the model's terms in order, and optional strata, subject ids and
/// event causes. A row is a subject, or — with ids — one (entry, time] stretch of a subject with the covariate values
/// of that stretch, as R's (start, stop] rows that <c>tmerge</c> produces.
/// </summary>
public sealed class CoxRegressionData
{
    /// <summary>The most terms a model may have.</summary>
    public const int MaxTerms = 64;

    /// <summary>The most design-matrix columns (coefficients) a model may have.</summary>
    public const int MaxColumns = 256;

    private CoxRegressionData(SurvivalData survival, ImmutableArray<CoxCovariate> terms, Factor? strata, Factor? ids, Factor? causes)
    {
        Survival = survival;
        Terms = terms;
        Strata = strata;
        Ids = ids;
        Causes = causes;
    }

    /// <summary>Entries, times, events and weights, one per row.</summary>
    public SurvivalData Survival { get; }

    /// <summary>The terms, in model order.</summary>
    public ImmutableArray<CoxCovariate> Terms { get; }

    /// <summary>The strata, each with its own baseline hazard (R's <c>strata()</c>); null for one stratum.</summary>
    public Factor? Strata { get; }

    /// <summary>
    /// The subject of each row (R's <c>id</c>), by which the robust variance clusters (R's <c>cluster(id)</c>); null when
    /// every row is its own subject.
    /// </summary>
    public Factor? Ids { get; }

    /// <summary>The cause of each row's event (the empty level for censored rows); null without competing causes.</summary>
    public Factor? Causes { get; }

    /// <summary>Whether some subject has more than one event, R's rule for a robust variance clustered by id.</summary>
    public bool RecurrentEvents => CohortRows.HaveRecurrentEvents(Ids, Survival.Events.Span);

    /// <summary>Checks and combines the parts.</summary>
    /// <param name="survival">Entries, times, events and weights, one per row.</param>
    /// <param name="terms">The terms, in model order.</param>
    /// <param name="strata">Each row's stratum, or null.</param>
    /// <param name="ids">Each row's subject, or null when every row is its own subject.</param>
    /// <param name="causes">Each row's event cause, empty for a censored row; null without competing causes.</param>
    /// <exception cref="InputRuleException">
    /// No term, too many terms or columns, duplicate names, lengths that differ from the rows', a non-finite covariate
    /// value, a factor with fewer than two levels, no event, more coefficients than events, or a cause on a censored row.
    /// </exception>
    public static CoxRegressionData Create(
        SurvivalData survival, IReadOnlyList<CoxCovariate> terms, Factor? strata = null, Factor? ids = null, IReadOnlyList<string>? causes = null)
    {
        ArgumentNullException.ThrowIfNull(survival);
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0) throw new InputRuleException("terms", "must name at least one term");
        if (terms.Count > MaxTerms) throw new InputRuleException("terms", $"may name at most {MaxTerms} terms, not {terms.Count}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var columns = 0;
        for (var t = 0; t < terms.Count; t++)
        {
            var term = terms[t] ?? throw new InputRuleException($"terms[{t}]", "must be a term");
            if (!names.Add(term.Name)) throw new InputRuleException($"terms[{t}]", $"names '{term.Name}' a second time; each term may appear once");
            if (term.Count != survival.Count)
                throw new InputRuleException($"terms[{t}]", $"must have one value per row: '{term.Name}' has {term.Count} for {survival.Count} rows");
            switch (term)
            {
                case NumericCovariate numeric:
                    for (var i = 0; i < numeric.Values.Length; i++)
                    {
                        if (!double.IsFinite(numeric.Values[i]))
                            throw new InputRuleException($"{term.Name}[{i}]", CoxRegressionRules.CovariateRequirement);
                    }
                    columns++;
                    break;
                case FactorCovariate factor:
                    factor.Factor.CheckCodes(survival.Count, term.Name);
                    if (factor.Factor.LevelCount < 2) throw new InputRuleException(term.Name, CoxRegressionRules.FactorLevelsRequirement);
                    columns += factor.Factor.LevelCount - 1;
                    break;
                default:
                    throw new InputRuleException($"terms[{t}]", "must be a numeric covariate or a factor");
            }
        }
        if (columns > MaxColumns) throw new InputRuleException("terms", $"may make at most {MaxColumns} coefficients, not {columns}");
        strata?.CheckCodes(survival.Count, "strata");
        ids?.CheckCodes(survival.Count, "ids");

        var events = 0;
        foreach (var e in survival.Events.Span) events += e ? 1 : 0;
        if (events == 0) throw new InputRuleException("events", "must include at least one event: a Cox model needs one");
        if (columns > events) throw new InputRuleException("terms", CoxRegressionRules.TooManyCoefficients(columns, events));
        return new CoxRegressionData(survival, [.. terms], strata, ids, causes is null ? null : CauseFactor(causes, survival));
    }

    private static Factor CauseFactor(IReadOnlyList<string> causes, SurvivalData survival)
    {
        if (causes.Count != survival.Count)
            throw new InputRuleException("causes", $"must have one value per row: it has {causes.Count} for {survival.Count} rows");
        var events = survival.Events.Span;
        for (var i = 0; i < causes.Count; i++)
        {
            if (events[i] && string.IsNullOrEmpty(causes[i])) throw new InputRuleException($"causes[{i}]", InputRules.CauseForEveryEventRequirement);
            if (!events[i] && !string.IsNullOrEmpty(causes[i])) throw new InputRuleException($"causes[{i}]", "must be empty for a censored row");
        }
        return Factor.Create(causes);
    }
}
