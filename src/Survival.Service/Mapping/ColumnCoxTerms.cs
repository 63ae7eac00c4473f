using System.Collections.Immutable;
using Survival.Service.Validation;
using Survival.V1;
using Survival.Core.CompetingRisks;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Parametric;
using Survival.Core.Regression;

namespace Survival.Service.Mapping;

/// <summary>Cox terms from <c>SubjectColumns.covariates</c>, <c>SubjectColumns.factors</c> and the group column.</summary>
internal sealed class ColumnCoxTerms(Cohort cohort) : CoxTermSource
{
    private readonly SubjectColumns _columns = cohort.Columns;

    public override int EventCount => _columns.Event.Count(e => e);

    public override SubjectCohort Cohort() => new(
        Weighted(_columns.EntryTime.Count > 0
            ? SurvivalData.Create([.. _columns.EntryTime], [.. _columns.Time], [.. _columns.Event])
            : SurvivalData.Create([.. _columns.Time], [.. _columns.Event])),
        Coded(_columns.Group, _columns.GroupLabels),
        Coded(_columns.Stratum, _columns.StratumLabels))
    {
        Ids = _columns.Id.Count > 0 ? SubjectCohort.IdsOf(_columns.Id) : null,
        Causes = _columns.Cause.Count > 0 ? [.. _columns.Cause.Select(c => _columns.CauseLabels[(int)c])] : null,
    };

    /// <summary>The number of subjects: one time, or one interval, each.</summary>
    private int Count => Math.Max(_columns.Time.Count, _columns.IntervalLeft.Count);

    public override Factor Strata() => Coded(_columns.Stratum, _columns.StratumLabels);

    public override CensoredObservations Intervals() => CensoredObservations.FromIntervals([.. _columns.IntervalLeft], [.. _columns.IntervalRight]);

    private SurvivalData Weighted(SurvivalData data) => _columns.Weight.Count > 0 ? data.WithWeights([.. _columns.Weight]) : data;

    public override bool IsFactor(string term) => term == GroupTerm || _columns.Factors.Any(f => f.Name == term);

    public override IReadOnlyList<string> Levels(string term) => FactorOf(term).Levels;

    public override int CheckTerm(string term, string field, FieldViolations violations)
    {
        if (term == GroupTerm) return CheckLevels(term, Levels(term).Count, field, violations);
        var numeric = _columns.Covariates.Where(c => c.Name == term).ToArray();
        var factors = _columns.Factors.Where(f => f.Name == term).ToArray();
        if (numeric.Length + factors.Length == 0)
        {
            violations.Add(field, UnknownTerm(_columns.Covariates.Select(c => c.Name).Concat(_columns.Factors.Select(f => f.Name)).Order(StringComparer.Ordinal)));
            return 0;
        }
        if (numeric.Length + factors.Length > 1)
        {
            violations.Add(field, $"names '{term}', which the cohort's columns give more than once; give each column once");
            return 0;
        }
        var n = Count;
        if (numeric.Length == 1)
        {
            var index = _columns.Covariates.IndexOf(numeric[0]);
            var values = numeric[0].Values;
            if (values.Count != n) violations.Add($"cohort.columns.covariates[{index}].values", $"has {values.Count} values but there are {n} subjects");
            for (var i = 0; i < values.Count; i++)
            {
                if (!double.IsFinite(values[i])) violations.Add($"cohort.columns.covariates[{index}].values[{i}]", CoxRegressionRules.CovariateRequirement);
            }
            return 1;
        }
        var column = factors[0];
        var position = _columns.Factors.IndexOf(column);
        // Its levels are read only when every code indexes a label, whatever other terms got wrong.
        var coded = column.Codes.Count == n;
        if (!coded) violations.Add($"cohort.columns.factors[{position}].codes", $"has {column.Codes.Count} codes but there are {n} subjects");
        for (var i = 0; i < column.Codes.Count; i++)
        {
            if (column.Codes[i] < column.Labels.Count) continue;
            coded = false;
            violations.Add($"cohort.columns.factors[{position}].codes[{i}]", $"must index labels (0 to {column.Labels.Count - 1})");
        }
        return coded ? CheckLevels(term, Levels(term).Count, field, violations) : 0;
    }

    public override CoxCovariate Covariate(string term) => IsFactor(term)
        ? new FactorCovariate(term, FactorOf(term))
        : new NumericCovariate(term, [.. _columns.Covariates.Single(c => c.Name == term).Values]);

    private Factor FactorOf(string term)
    {
        if (term == GroupTerm) return Coded(_columns.Group, _columns.GroupLabels);
        var column = _columns.Factors.Single(f => f.Name == term);
        return Coded(column.Codes, column.Labels);
    }

    /// <summary>Codes into labels as a factor in R's level order; no codes means one unlabelled level.</summary>
    private Factor Coded(IList<uint> codes, IList<string> labels) => codes.Count == 0
        ? Factor.Create(ImmutableArray.CreateRange(Enumerable.Repeat("", Count)))
        : Factor.Create([.. codes.Select(c => labels[(int)c])]);
}
