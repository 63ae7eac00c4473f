using Survival.Service.Validation;
using Survival.V1;
using Survival.Core.Cox;
using Survival.Core.Parametric;
using Survival.Core.Regression;

namespace Survival.Service.Mapping;

/// <summary>Cox terms from <c>Subject.covariates</c>, <c>Subject.factors</c> and <c>Subject.group</c>.</summary>
internal sealed class SubjectCoxTerms(Cohort cohort) : CoxTermSource
{
    private readonly Google.Protobuf.Collections.RepeatedField<Subject> _subjects = cohort.Subjects;

    public override int EventCount => _subjects.Count(s => s.Event);

    public override SubjectCohort Cohort() => SubjectCohort.FromSubjects(cohort);

    public override Factor Strata() => Factor.Create([.. _subjects.Select(s => s.Stratum)]);

    public override CensoredObservations Intervals()
    {
        SubjectTimes.TryParseUnit(cohort.TimeUnit, out var unit);
        var left = new double[_subjects.Count];
        var right = new double[_subjects.Count];
        for (var i = 0; i < left.Length; i++)
        {
            var subject = _subjects[i];
            if (IntervalCohortReader.GivesInterval(subject))
                (left[i], right[i]) = (subject.HasIntervalLeft ? subject.IntervalLeft : 0, subject.HasIntervalRight ? subject.IntervalRight : double.PositiveInfinity);
            else
            {
                left[i] = SubjectTimes.Resolve(subject, unit);
                right[i] = subject.Event ? left[i] : double.PositiveInfinity;
            }
        }
        return CensoredObservations.FromIntervals(left, right);
    }

    public override bool IsFactor(string term) => term == GroupTerm || _subjects.Any(s => s.Factors.ContainsKey(term));

    public override IReadOnlyList<string> Levels(string term) => Factor.Create(Labels(term)).Levels;

    public override int CheckTerm(string term, string field, FieldViolations violations)
    {
        if (term == GroupTerm) return CheckLevels(term, Levels(term).Count, field, violations);
        var numeric = _subjects.Any(s => s.Covariates.ContainsKey(term));
        var factor = _subjects.Any(s => s.Factors.ContainsKey(term));
        if (numeric && factor)
        {
            violations.Add(field, $"names '{term}', which subjects give both as a covariate and as a factor; use one");
            return 0;
        }
        if (!numeric && !factor)
        {
            violations.Add(field, UnknownTerm(_subjects.SelectMany(s => s.Covariates.Keys.Concat(s.Factors.Keys)).Distinct().Order(StringComparer.Ordinal)));
            return 0;
        }
        var before = violations.Any;
        for (var i = 0; i < _subjects.Count; i++)
        {
            var subject = _subjects[i];
            if (numeric)
            {
                var path = $"cohort.subjects[{i}].covariates[\"{term}\"]";
                if (!subject.Covariates.TryGetValue(term, out var value))
                    violations.Add(path, "is missing; every subject needs every covariate of the model");
                else if (!double.IsFinite(value)) violations.Add(path, CoxRegressionRules.CovariateRequirement);
            }
            else if (!subject.Factors.ContainsKey(term))
                violations.Add($"cohort.subjects[{i}].factors[\"{term}\"]", "is missing; every subject needs every factor of the model");
        }
        if (numeric) return 1;
        return violations.Any && !before ? 0 : CheckLevels(term, Levels(term).Count, field, violations);
    }

    public override CoxCovariate Covariate(string term) => IsFactor(term)
        ? new FactorCovariate(term, Factor.Create(Labels(term)))
        : new NumericCovariate(term, [.. _subjects.Select(s => s.Covariates[term])]);

    private string[] Labels(string term) => term == GroupTerm
        ? [.. _subjects.Select(s => s.Group)]
        : [.. _subjects.Select(s => s.Factors.TryGetValue(term, out var label) ? label : "")];
}
