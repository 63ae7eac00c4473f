using Survival.Core;
using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.External;
using Survival.Core.MetaAnalysis;
using Survival.Core.Reconstruction;
using PlotInputRules = Survival.Plotting.PlotInputRules;
using Survival.Service.Mapping;
using Survival.V1;
using CorePoolingMethod = Survival.Core.MetaAnalysis.PoolingMethod;
using Exponential = Survival.Core.External.ExponentialReference;
using Gompertz = Survival.Core.External.GompertzReference;
using LogLogistic = Survival.Core.External.LogLogisticReference;
using LogNormal = Survival.Core.External.LogNormalReference;
using Weibull = Survival.Core.External.WeibullReference;
using ProtoPoolingMethod = Survival.V1.PoolingMethod;

namespace Survival.Service.Validation;

/// <summary>This part: the requests of ReconstructCohort, CompareExternal and PoolStudies.</summary>
internal static partial class AnalysisReader
{
    /// <summary>The label of a reference curve given none.</summary>
    public const string DefaultReferenceLabel = "Reference";

    public static ReconstructionAnalysis Read(ReconstructCohortRequest request)
    {
        var violations = new FieldViolations();
        if (request.Arms.Count == 0) violations.Add("arms", "must hold at least one published arm");
        EnumRules.CheckDefined(request.MonotoneFix, "monotone_fix", violations);
        PlotRules.Check(request.Plot, "plot", violations);
        var fix = ProtoMapper.ToCore(request.MonotoneFix);
        var arms = new List<(string, PublishedCurve)>();
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < request.Arms.Count && !violations.IsFull; i++)
        {
            var arm = request.Arms[i];
            var label = arm.Label.Length > 0 ? arm.Label : $"arm {i + 1}";
            if (!labels.TryAdd(label, i)) violations.Add($"arms[{i}].label", $"must differ from arms[{labels[label]}].label (\"{label}\")");
            CheckLabelLength(label, $"arms[{i}].label", violations);
            if (ProtoMapper.ToCore(arm, $"arms[{i}]", violations) is not { } curve) continue;
            foreach (var (input, requirement) in PublishedCurveRules.Violations(curve, fix)) violations.Add($"arms[{i}].{input}", requirement);
            arms.Add((label, curve));
        }
        if (request.Plot is { ShowPValue: true }) violations.Add("plot.show_p_value", "is not drawn on rebuilt curves: compare them with CompareGroups");
        if (request.Plot is { ShowHazardRatio: true }) violations.Add("plot.show_hazard_ratio", "is not drawn on rebuilt curves: compare them with CompareGroups");
        violations.ThrowIfAny();
        return new ReconstructionAnalysis([.. arms], fix, request.TimeUnit, request.Plot);
    }

    public static ExternalAnalysis Read(CompareExternalRequest request)
    {
        var (reader, violations) = Start(request.Cohort);
        EnumRules.CheckDefined(request.Variance, "variance", violations);
        if (request.ConfLevel != 0 && !InputRules.IsConfidenceLevel(request.ConfLevel)) violations.Add("conf_level", InputRules.ConfidenceLevelRequirement);
        if (request.HasRmstTau && !InputRules.IsTau(request.RmstTau)) violations.Add("rmst_tau", InputRules.TauRequirement);
        PlotRules.Check(request.Plot, "plot", violations);
        var label = request.Reference is { Label.Length: > 0 } ? request.Reference.Label : DefaultReferenceLabel;
        CheckLabelLength(label, "reference.label", violations);
        var (reference, referenceCohort) = ReadReference(request.Reference, violations);
        var cohort = reader.Finish(violations);
        violations.ThrowIfAny();

        if (cohort!.Counts.Weighted) violations.Add(cohort.DataField, $"weights {OneSampleLogRank.WeightsRequirement}");
        if (cohort.Counts.CauseCount > 0) violations.Add(cohort.DataField, $"causes {OneSampleLogRank.CausesRequirement}");
        if (referenceCohort is not null && cohort.Counts.Groups.Contains(label))
            violations.Add("reference.label", $"must differ from the cohort's group labels: \"{label}\" is one (the reference becomes a group beside them)");
        if (referenceCohort is null && request.HasRmstTau) violations.Add("rmst_tau", "needs a reference given as a cohort: the RMST difference compares patients");
        if (request.Plot is { } plot)
        {
            PlotRules.CheckAgainst(new PlotOptions(plot) { ShowPValue = false, ShowHazardRatio = false }, "plot", cohort, violations);
            if (referenceCohort is null && plot.ShowPValue) violations.Add("plot.show_p_value", "needs a reference given as a cohort: the p-value printed is the two-sample log-rank test's");
            if ((referenceCohort is null || cohort.Counts.GroupCount != 1) && plot.ShowHazardRatio)
                violations.Add("plot.show_hazard_ratio", "needs a reference given as a cohort and a cohort of one group: the hazard ratio printed is theirs");
        }
        violations.ThrowIfAny();
        return new ExternalAnalysis(cohort, reference!, label, referenceCohort, ProtoMapper.ToCore(request.Variance), ProtoMapper.Level(request.ConfLevel),
            request.HasRmstTau ? request.RmstTau : null, request.Plot);
    }

    public static PoolingAnalysis Read(PoolStudiesRequest request)
    {
        var violations = new FieldViolations();
        if (request.Studies.Count == 0) violations.Add("studies", "must hold at least one study");
        EnumRules.CheckDefined(request.Measure, "measure", violations);
        EnumRules.CheckDefined(request.Ties, "ties", violations);
        for (var i = 0; i < request.Methods.Count; i++)
        {
            EnumRules.CheckDefined(request.Methods[i], $"methods[{i}]", violations);
            if (request.Methods[i] == ProtoPoolingMethod.Unspecified) violations.Add($"methods[{i}]", "must name a method; leave methods empty for all three");
        }
        if (request.ConfLevel != 0 && !InputRules.IsConfidenceLevel(request.ConfLevel)) violations.Add("conf_level", InputRules.ConfidenceLevelRequirement);
        PlotRules.Check(request.ForestPlot, "forest_plot", violations);
        PlotRules.Check(request.SurvivalPlot, "survival_plot", violations);
        foreach (var flag in new[] { ("show_p_value", request.SurvivalPlot?.ShowPValue), ("show_hazard_ratio", request.SurvivalPlot?.ShowHazardRatio) })
            if (flag.Item2 == true) violations.Add($"survival_plot.{flag.Item1}", "is not drawn on the curves by study: the pooled estimates are in the forest plot");
        violations.ThrowIfAny();

        var level = ProtoMapper.Level(request.ConfLevel);
        var hazardRatio = request.Measure != PooledMeasure.Median;
        var studies = new List<PoolingStudy>();
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        string? timeUnit = null;
        for (var i = 0; i < request.Studies.Count && !violations.IsFull; i++)
        {
            var study = request.Studies[i];
            var field = $"studies[{i}]";
            var label = study.Label.Length > 0 ? study.Label : $"study {i + 1}";
            if (!labels.TryAdd(label, i)) violations.Add($"{field}.label", $"must differ from studies[{labels[label]}].label (\"{label}\")");
            CheckLabelLength(label, $"{field}.label", violations);
            var forms = (study.HasLogEstimate || study.HasStdError ? 1 : 0) + (study.HasEstimate || study.HasLower || study.HasUpper ? 1 : 0) + (study.Cohort is null ? 0 : 1);
            if (forms != 1)
            {
                violations.Add(field, "must give exactly one of: log_estimate with std_error, estimate with lower and upper, or cohort");
                continue;
            }
            if (study.Cohort is { } cohortMessage)
            {
                var cohort = ReadStudyCohort(cohortMessage, $"{field}.cohort", hazardRatio, request.ReferenceGroup, violations);
                if (cohort is null) continue;
                if (timeUnit is null) timeUnit = cohort.TimeUnit;
                else if (cohort.TimeUnit != timeUnit)
                    violations.Add($"{field}.cohort.time_unit", $"must be the unit of the other studies' cohorts (\"{timeUnit}\")");
                studies.Add(new PoolingStudy(label, null, cohort));
            }
            else if (ReadStudyEstimate(study, field, label, violations) is { } estimate) studies.Add(new PoolingStudy(label, estimate, null));
        }
        if (request.SurvivalPlot is not null && studies.Any(s => s.Cohort is null))
            violations.Add("survival_plot", "needs every study given as a cohort: the curves are drawn from the patients");
        violations.ThrowIfAny();
        var methods = request.Methods.Count == 0
            ? [CorePoolingMethod.FixedEffect, CorePoolingMethod.DerSimonianLaird, CorePoolingMethod.RestrictedMaximumLikelihood]
            : request.Methods.Select(ProtoMapper.ToCore).ToArray();
        return new PoolingAnalysis([.. studies], request.Measure, [.. methods], level, request.ReferenceGroup, request.Ties,
            request.ForestPlot, request.SurvivalPlot);
    }

    /// <summary>A label drawn on a figure is no longer than the figure's other texts: laying out far longer text takes seconds.</summary>
    private static void CheckLabelLength(string label, string field, FieldViolations violations)
    {
        if (label.Length > PlotInputRules.MaximumTextLength) violations.Add(field, $"must be at most {PlotInputRules.MaximumTextLength} characters");
    }

    /// <summary>The reference curve, and its patients when it was given as a cohort; nulls with the violations recorded.</summary>
    private static (IReferenceCurve? Curve, CohortData? Cohort) ReadReference(ReferenceCurve? reference, FieldViolations violations)
    {
        const string path = "reference";
        try
        {
            switch (reference?.FormCase ?? ReferenceCurve.FormOneofCase.None)
            {
                case ReferenceCurve.FormOneofCase.Exponential:
                    var exponential = reference!.Exponential;
                    if ((exponential.Median != 0) == (exponential.Rate != 0))
                    {
                        violations.Add($"{path}.exponential", "must give exactly one of median and rate");
                        return (null, null);
                    }
                    return (exponential.Median != 0 ? Exponential.FromMedian(exponential.Median) : new Exponential(exponential.Rate), null);
                case ReferenceCurve.FormOneofCase.Weibull:
                    return (new Weibull(reference!.Weibull.Shape, reference.Weibull.Scale), null);
                case ReferenceCurve.FormOneofCase.LogNormal:
                    return (new LogNormal(reference!.LogNormal.Meanlog, reference.LogNormal.Sdlog), null);
                case ReferenceCurve.FormOneofCase.LogLogistic:
                    return (new LogLogistic(reference!.LogLogistic.Shape, reference.LogLogistic.Scale), null);
                case ReferenceCurve.FormOneofCase.Gompertz:
                    return (new Gompertz(reference!.Gompertz.Shape, reference.Gompertz.Rate), null);
                case ReferenceCurve.FormOneofCase.Points:
                    var points = reference!.Points.Points;
                    return (new PiecewiseExponentialReference([.. points.Select(p => p.Time)], [.. points.Select(p => p.Survival)]), null);
                case ReferenceCurve.FormOneofCase.Cohort:
                    return ReadReferenceCohort(reference!.Cohort, $"{path}.cohort", violations);
                default:
                    violations.Add(path, "must give one form: exponential, weibull, log_normal, log_logistic, gompertz, points or cohort");
                    return (null, null);
            }
        }
        catch (InputRuleException rule)
        {
            var form = reference!.FormCase switch
            {
                ReferenceCurve.FormOneofCase.Exponential => "exponential",
                ReferenceCurve.FormOneofCase.Weibull => "weibull",
                ReferenceCurve.FormOneofCase.LogNormal => "log_normal",
                ReferenceCurve.FormOneofCase.LogLogistic => "log_logistic",
                ReferenceCurve.FormOneofCase.Gompertz => "gompertz",
                _ => "points",
            };
            violations.Add($"{path}.{form}.{rule.Input}", rule.Requirement);
            return (null, null);
        }
    }

    /// <summary>A reference cohort: one group, no weights or causes, and a curve with an event before it reaches 0.</summary>
    private static (IReferenceCurve? Curve, CohortData? Cohort) ReadReferenceCohort(Cohort message, string path, FieldViolations violations)
    {
        var reader = new CohortReader(path);
        reader.Read(message, violations);
        if (reader.Finish(violations) is not { } cohort) return (null, null);
        if (cohort.Counts.GroupCount != 1) violations.Add(path, $"must hold one group (the published arm): it has {cohort.Counts.GroupCount}");
        else if (cohort.Counts.Weighted || cohort.Counts.CauseCount > 0) violations.Add(path, "must have no case weights or competing causes: its curve is the reference");
        if (violations.Any) return (null, null);
        try
        {
            return (PiecewiseExponentialReference.FromCurve(KaplanMeier.Estimate(cohort.Counts, 0)), cohort);
        }
        catch (InputRuleException)
        {
            violations.Add(path, "must have an event before its curve reaches 0: a curve that falls to 0 at once has no finite hazard");
            return (null, null);
        }
    }

    /// <summary>A study's cohort: two groups (one the reference group, when named) for a hazard ratio, one for a median.</summary>
    private static CohortData? ReadStudyCohort(Cohort message, string path, bool hazardRatio, string referenceGroup, FieldViolations violations)
    {
        var reader = new CohortReader(path);
        reader.Read(message, violations);
        if (reader.Finish(violations) is not { } cohort) return null;
        var groups = cohort.Counts.Groups;
        if (cohort.Counts.Weighted || cohort.Counts.CauseCount > 0) violations.Add(path, $"{CountingTable.MergeRequirement}: pool studies without them");
        else if (hazardRatio && groups.Length != 2)
            violations.Add(path, $"must hold two groups for a hazard ratio: it has {groups.Length}");
        else if (hazardRatio && referenceGroup.Length > 0 && !groups.Contains(referenceGroup))
            violations.Add(path, $"has no group \"{referenceGroup}\" (reference_group); its groups are {string.Join(", ", groups.Select(g => $"\"{g}\""))}");
        else if (!hazardRatio && groups.Length != 1)
            violations.Add(path, $"must hold one group for a median (a single-arm series): it has {groups.Length}");
        else return cohort;
        return null;
    }

    /// <summary>A study's estimate on the log scale: given with its standard error, or from an estimate and its interval.</summary>
    private static StudyEstimate? ReadStudyEstimate(Study study, string field, string label, FieldViolations violations)
    {
        var bad = false;
        void Add(string name, string requirement)
        {
            violations.Add($"{field}.{name}", requirement);
            bad = true;
        }
        if (study.HasLogEstimate || study.HasStdError)
        {
            if (!study.HasLogEstimate || !double.IsFinite(study.LogEstimate)) Add("log_estimate", "must be a finite number");
            if (!study.HasStdError || !(double.IsFinite(study.StdError) && study.StdError > 0)) Add("std_error", StudyEstimate.StdErrorRequirement);
            return bad ? null : new StudyEstimate(label, study.LogEstimate, study.StdError);
        }
        foreach (var (name, has, value) in new[] { ("estimate", study.HasEstimate, study.Estimate), ("lower", study.HasLower, study.Lower), ("upper", study.HasUpper, study.Upper) })
            if (!has || !(double.IsFinite(value) && value > 0)) Add(name, "must be a finite number > 0 (with estimate, lower and upper all given)");
        if (study.IntervalLevel != 0 && !InputRules.IsConfidenceLevel(study.IntervalLevel)) Add("interval_level", InputRules.ConfidenceLevelRequirement);
        if (bad) return null;
        if (!(study.Lower <= study.Estimate && study.Estimate <= study.Upper && study.Lower < study.Upper))
        {
            violations.Add($"{field}.estimate", "must lie within [lower, upper], and lower below upper: the interval gives the standard error");
            return null;
        }
        var stdError = StudyEstimate.StdErrorFromInterval(study.Lower, study.Upper, ProtoMapper.Level(study.IntervalLevel));
        return new StudyEstimate(label, Math.Log(study.Estimate), stdError);
    }
}
