using System.Collections.Immutable;
using Survival.Core;
using Survival.Core.Parametric;
using Survival.Service.Mapping;
using Survival.V1;

namespace Survival.Service.Validation;

/// <summary>A checked <see cref="FitParametricModelRequest"/> in the engine's terms.</summary>
/// <param name="Data">The model's data: per subject, or the counting table's cells for a model of the group factor alone.</param>
/// <param name="Distributions">The distributions to fit.</param>
/// <param name="Unfitted">Distributions of the default six that the data cannot support, with the reason.</param>
/// <param name="Options">What to fit and predict.</param>
/// <param name="Cohort">The cohort's counting table (the Kaplan–Meier curves of the plots read it).</param>
internal sealed record ParametricAnalysis(
    ParametricData Data,
    ImmutableArray<ParametricDistribution> Distributions,
    ImmutableArray<(ParametricDistribution Distribution, string Reason)> Unfitted,
    ParametricOptions Options,
    CohortData Cohort);

/// <summary>
/// Reads a <see cref="FitParametricModelRequest"/> into a <see cref="ParametricAnalysis"/>: every field checked before
/// any work, every violation named by its path. Terms are read as FitCoxModel reads them (<see cref="CoxTermSource"/>).
/// </summary>
internal static class ParametricReader
{
    /// <summary>The most points of a curve's grid.</summary>
    public const int MaxGridPoints = 10_001;

    public static ParametricAnalysis Read(FitParametricModelRequest request)
    {
        var violations = new FieldViolations();
        CheckOptions(request, violations);
        var reader = new CohortReader();
        reader.Read(request.Cohort, violations);
        var cohort = reader.Finish(violations);
        var columnsForm = request.Cohort is { Subjects.Count: 0, Columns: not null, Counts.Count: 0 };
        // Interval columns were checked by the cohort's reader, under the interval rules.
        if (columnsForm && !IntervalCohortReader.GivesInterval(request.Cohort!.Columns!)) CoxColumnsRules.Check(request.Cohort!.Columns!, "cohort.columns", violations);
        violations.ThrowIfAny();

        var table = cohort!.Counts;
        if (table.CauseCount > 0) violations.Add(cohort.DataField, "names competing causes; a parametric model has one event of interest (leave causes empty)");
        var terms = ProtoMapper.ParametricTerms(request, table.GroupCount);
        var groupOnly = terms.All(t => t == CoxTermSource.GroupTerm);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < terms.Count; t++)
        {
            var field = request.Terms.Count == 0 ? "terms" : $"terms[{t}]";
            if (!seen.Add(terms[t])) violations.Add(field, $"names '{terms[t]}' a second time; each term may appear once");
            else if (request.Cohort!.Counts.Count > 0 && terms[t] != CoxTermSource.GroupTerm)
                violations.Add(field, $"names '{terms[t]}', but count rows carry no covariates: with cohort.counts the only term is '{CoxTermSource.GroupTerm}'");
            else if (terms[t] == CoxTermSource.GroupTerm && table.GroupCount < 2)
                violations.Add(field, $"names '{CoxTermSource.GroupTerm}', which needs at least two groups (the cohort has {table.GroupCount})");
        }
        violations.ThrowIfAny();

        CoxTermSource? source = null;
        if (!groupOnly)
        {
            source = CoxTermSource.Of(request.Cohort!);
            for (var t = 0; t < terms.Count; t++) source.CheckTerm(terms[t], request.Terms.Count == 0 ? "terms" : $"terms[{t}]", violations);
            violations.ThrowIfAny();
        }
        // A factor's levels (the group factor's, the groups), null for a numeric term.
        IReadOnlyList<string>? LevelsOf(string term) => (source?.IsFactor(term) ?? true) ? (source?.Levels(term) ?? table.Groups) : null;
        for (var k = 0; k < request.Profiles.Count; k++)
            CheckProfile(request.Profiles[k], $"profiles[{k}]", terms, LevelsOf, request.Stratified, table.Strata, violations);
        violations.ThrowIfAny();

        var data = (source, cohort.Intervals) switch
        {
            (null, null) => ParametricData.FromCounts(table, terms.Count > 0, request.Stratified),
            (null, { } intervals) => ParametricData.FromIntervals(intervals, terms.Count > 0, request.Stratified),
            (_, null) => Subjects(source, terms, request.Stratified),
            _ => ParametricData.Create(source.Intervals(), [.. terms.Select(source.Covariate)], request.Stratified ? source.Strata() : null),
        };
        if (data.Events == 0) violations.Add("cohort", "has no events; a parametric model needs at least one");
        var (distributions, unfitted) = Distributions(request, data, violations);
        violations.ThrowIfAny();
        return new ParametricAnalysis(data, distributions, unfitted, ProtoMapper.ToParametricOptions(request), cohort);
    }

    private static ParametricData Subjects(CoxTermSource source, IReadOnlyList<string> terms, bool stratified)
    {
        var subjects = source.Cohort();
        return ParametricData.Create(subjects.Data, [.. terms.Select(source.Covariate)], stratified ? subjects.Strata : null);
    }

    private static void CheckOptions(FitParametricModelRequest request, FieldViolations violations)
    {
        for (var i = 0; i < request.Distributions.Count; i++) CheckDistribution(request.Distributions[i], $"distributions[{i}]", violations);
        if (request.ConfLevel != 0 && !InputRules.IsConfidenceLevel(request.ConfLevel))
            violations.Add("conf_level", InputRules.ConfidenceLevelRequirement);
        CheckPredictions(request.Times, request.Quantiles, request.HasHorizon ? request.Horizon : null, request.HasRmstTau ? request.RmstTau : null,
            request.GridPoints, "", violations);
        PlotRules.Check(request.Plot, "plot", violations);
        PlotRules.Check(request.HazardPlot, "hazard_plot", violations);
        PlotRules.Check(request.DiagnosticPlot, "diagnostic_plot", violations);
    }

    /// <summary>
    /// What to predict, as FitParametricModelRequest and RemoteParametricModel both ask it: times, quantiles, the
    /// horizon, the restricted mean's τ and the grid, each field named under <paramref name="prefix"/> (<c>""</c> or
    /// <c>"parametric."</c>).
    /// </summary>
    public static void CheckPredictions(
        IReadOnlyList<double> times, IReadOnlyList<double> quantiles, double? horizon, double? rmstTau, int gridPoints, string prefix, FieldViolations violations)
    {
        for (var i = 0; i < times.Count; i++)
            if (!InputRules.IsTime(times[i])) violations.Add($"{prefix}times[{i}]", InputRules.TimeRequirement);
        for (var i = 0; i < quantiles.Count; i++)
            if (!(quantiles[i] > 0 && quantiles[i] < 1)) violations.Add($"{prefix}quantiles[{i}]", InputRules.ProbabilityRequirement);
        if (horizon is { } h && !(double.IsFinite(h) && h > 0))
            violations.Add($"{prefix}horizon", "must be a finite number > 0 (how far to extrapolate)");
        if (rmstTau is { } tau && !(double.IsFinite(tau) && tau > 0))
            violations.Add($"{prefix}rmst_tau", InputRules.TauRequirement);
        if (gridPoints != 0 && gridPoints is < 2 or > MaxGridPoints)
            violations.Add($"{prefix}grid_points", $"must be from 2 to {MaxGridPoints} (0 means 101)");
    }

    /// <summary>A distribution named in a list of them (where an empty list means all six).</summary>
    public static void CheckDistribution(V1.Distribution distribution, string field, FieldViolations violations)
    {
        if (distribution == V1.Distribution.Unspecified || !Enum.IsDefined(distribution))
            violations.Add(field, "must be one of DISTRIBUTION_EXPONENTIAL, DISTRIBUTION_WEIBULL, DISTRIBUTION_LOG_NORMAL, " +
                "DISTRIBUTION_LOG_LOGISTIC, DISTRIBUTION_GOMPERTZ, DISTRIBUTION_GENERALIZED_GAMMA (leave the list empty for all six)");
    }

    /// <summary>Every term at a profile, factors at one of their levels, and a stratum only of a stratified model.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="path">Its field (<c>profiles[k]</c>, <c>parametric.profiles[k]</c>).</param>
    /// <param name="terms">The model's terms.</param>
    /// <param name="levelsOf">A factor term's levels; null for a numeric term.</param>
    /// <param name="stratified">Whether the model has strata.</param>
    /// <param name="strata">The strata's labels.</param>
    /// <param name="violations">Where a broken rule is recorded.</param>
    public static void CheckProfile(
        PredictionProfile profile, string path, IReadOnlyList<string> terms, Func<string, IReadOnlyList<string>?> levelsOf, bool stratified,
        IReadOnlyList<string> strata, FieldViolations violations)
    {
        foreach (var term in terms)
        {
            if (levelsOf(term) is { } levels)
            {
                if (!profile.Factors.TryGetValue(term, out var label))
                    violations.Add($"{path}.factors[\"{term}\"]", "is missing; a profile gives every term of the model");
                else if (!levels.Contains(label))
                    violations.Add($"{path}.factors[\"{term}\"]", "must be one of the levels " + string.Join(", ", levels.Select(l => $"'{l}'")));
            }
            else if (!profile.Covariates.TryGetValue(term, out var value))
                violations.Add($"{path}.covariates[\"{term}\"]", "is missing; a profile gives every term of the model");
            else if (!double.IsFinite(value))
                violations.Add($"{path}.covariates[\"{term}\"]", "must be a finite number");
        }
        if (profile.Stratum.Length == 0) return;
        if (!stratified) violations.Add($"{path}.stratum", "must be empty: the model is not stratified");
        else if (!strata.Contains(profile.Stratum))
            violations.Add($"{path}.stratum", "must be one of the strata " + string.Join(", ", strata.Select(l => $"'{l}'")));
    }

    /// <summary>
    /// The distributions asked for, each checked against the data (a time of 0 on the log scale, more parameters than
    /// events); of the default six, those the data cannot support are reported unfitted with the reason instead.
    /// </summary>
    private static (ImmutableArray<ParametricDistribution>, ImmutableArray<(ParametricDistribution, string)>) Distributions(
        FitParametricModelRequest request, ParametricData data, FieldViolations violations)
    {
        var explicitly = request.Distributions.Count > 0;
        var asked = explicitly ? request.Distributions.Distinct().Select(ProtoMapper.ToCore).ToArray() : [.. ParametricRegression.AllDistributions];
        var fitted = ImmutableArray.CreateBuilder<ParametricDistribution>();
        var unfitted = ImmutableArray.CreateBuilder<(ParametricDistribution, string)>();
        foreach (var distribution in asked)
        {
            try
            {
                ParametricRegression.CheckData(data, distribution);
                fitted.Add(distribution);
            }
            catch (InputRuleException exception)
            {
                var field = exception.Input == "cohort" ? ZeroTimeField(request.Cohort!) ?? "cohort" : exception.Input;
                if (explicitly) violations.Add(field, exception.Requirement);
                else unfitted.Add((distribution, $"not fitted: {field} {exception.Requirement}"));
            }
        }
        return (fitted.ToImmutable(), unfitted.ToImmutable());
    }

    /// <summary>The first field that gives a time of 0, for a violation that points at it.</summary>
    private static string? ZeroTimeField(Cohort cohort)
    {
        SubjectTimes.TryParseUnit(cohort.TimeUnit, out var unit);
        for (var i = 0; i < cohort.Subjects.Count; i++)
        {
            var subject = cohort.Subjects[i];
            if (IntervalCohortReader.GivesInterval(subject))
            {
                if (ZeroIntervalEnd(subject.HasIntervalLeft ? subject.IntervalLeft : 0, subject.HasIntervalRight ? subject.IntervalRight : double.PositiveInfinity) is { } end)
                    return $"cohort.subjects[{i}].{end}";
            }
            else if (SubjectTimes.Resolve(subject, unit) <= 0) return subject.HasTime ? $"cohort.subjects[{i}].time" : $"cohort.subjects[{i}].end_date";
        }
        if (cohort.Columns is { } columns)
        {
            for (var i = 0; i < columns.Time.Count; i++) if (columns.Time[i] <= 0) return $"cohort.columns.time[{i}]";
            for (var i = 0; i < columns.IntervalLeft.Count && i < columns.IntervalRight.Count; i++)
                if (ZeroIntervalEnd(columns.IntervalLeft[i], columns.IntervalRight[i]) is { } end) return $"cohort.columns.{end}[{i}]";
        }
        for (var i = 0; i < cohort.Counts.Count; i++)
        {
            var row = cohort.Counts[i];
            if (IntervalCohortReader.GivesInterval(row))
            {
                if (row.Count > 0 && ZeroIntervalEnd(row.HasIntervalLeft ? row.IntervalLeft : 0, row.HasIntervalRight ? row.IntervalRight : double.PositiveInfinity) is { } end)
                    return $"cohort.counts[{i}].{end}";
            }
            else if (row.Time <= 0 && row.Events + row.Censored > 0) return $"cohort.counts[{i}].time";
        }
        return null;
    }

    /// <summary>The end of an interval whose observation sits at time 0 (exact at 0, or right-censored at 0), or null.</summary>
    private static string? ZeroIntervalEnd(double left, double right) =>
        CensoredObservations.KindOf(left, right).Time <= 0 ? (double.IsPositiveInfinity(right) ? "interval_left" : "interval_right") : null;
}
