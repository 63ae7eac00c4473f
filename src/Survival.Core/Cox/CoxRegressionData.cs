using System.Collections.Immutable;
using Survival.Core.Counting;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>The per-subject data of a Cox regression: survival, the model's terms in order, and optional strata.</summary>
public sealed class CoxRegressionData
{
    /// <summary>The most terms a model may have.</summary>
    public const int MaxTerms = 64;

    /// <summary>The most design-matrix columns (coefficients) a model may have.</summary>
    public const int MaxColumns = 256;

    private CoxRegressionData(SurvivalData survival, ImmutableArray<CoxCovariate> terms, Factor? strata)
    {
        Survival = survival;
        Terms = terms;
        Strata = strata;
    }

    /// <summary>Times and events.</summary>
    public SurvivalData Survival { get; }

    /// <summary>The terms, in model order.</summary>
    public ImmutableArray<CoxCovariate> Terms { get; }

    /// <summary>The strata, each with its own baseline hazard (R's <c>strata()</c>); null for one stratum.</summary>
    public Factor? Strata { get; }

    /// <summary>Checks and combines the parts.</summary>
    /// <exception cref="ArgumentException">
    /// No term, too many terms or columns, duplicate names, lengths that differ from the subjects', a non-finite
    /// covariate value, a factor with fewer than two levels, no event, or more coefficients than events.
    /// </exception>
    public static CoxRegressionData Create(SurvivalData survival, IReadOnlyList<CoxCovariate> terms, Factor? strata = null)
    {
        ArgumentNullException.ThrowIfNull(survival);
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0) throw new ArgumentException("a model needs at least one term", nameof(terms));
        if (terms.Count > MaxTerms) throw new ArgumentException($"a model may have at most {MaxTerms} terms, not {terms.Count}", nameof(terms));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var columns = 0;
        foreach (var term in terms)
        {
            ArgumentNullException.ThrowIfNull(term, nameof(terms));
            if (!names.Add(term.Name)) throw new ArgumentException($"term '{term.Name}' appears twice", nameof(terms));
            if (term.Count != survival.Count)
                throw new ArgumentException($"term '{term.Name}' has {term.Count} values but there are {survival.Count} subjects", nameof(terms));
            switch (term)
            {
                case NumericCovariate numeric:
                    for (var i = 0; i < numeric.Values.Length; i++)
                    {
                        if (!double.IsFinite(numeric.Values[i]))
                            throw new ArgumentException($"covariate '{term.Name}' of subject {i} {CoxRegressionRules.CovariateRequirement}", nameof(terms));
                    }
                    columns++;
                    break;
                case FactorCovariate factor:
                    factor.Factor.CheckCodes(survival.Count, nameof(terms));
                    if (factor.Factor.LevelCount < 2)
                        throw new ArgumentException($"factor '{term.Name}' {CoxRegressionRules.FactorLevelsRequirement}", nameof(terms));
                    columns += factor.Factor.LevelCount - 1;
                    break;
                default:
                    throw new ArgumentException($"term '{term.Name}' is of an unknown kind", nameof(terms));
            }
        }
        if (columns > MaxColumns)
            throw new ArgumentException($"the model has {columns} coefficients; at most {MaxColumns} are allowed", nameof(terms));
        strata?.CheckCodes(survival.Count, nameof(strata));

        var events = 0;
        foreach (var e in survival.Events.Span) events += e ? 1 : 0;
        if (events == 0) throw new ArgumentException("a Cox model needs at least one event", nameof(survival));
        if (columns > events)
            throw new ArgumentException(CoxRegressionRules.TooManyCoefficients(columns, events), nameof(terms));
        return new CoxRegressionData(survival, [.. terms], strata);
    }
}
