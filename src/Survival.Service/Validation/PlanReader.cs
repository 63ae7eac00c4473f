using Survival.Core;
using Survival.Core.Design;
using Survival.Service.Mapping;
using Survival.V1;
using ReferenceCurve = Survival.Core.Design.ReferenceCurve;

namespace Survival.Service.Validation;

/// <summary>A checked study plan: the Core design of its arms, and the reference fitted from its cohort, if any.</summary>
internal sealed record PlanInput(StudyPlan Plan, TwoArmDesign? TwoArms, OneArmDesign? OneArm, ReferenceCurve? Reference, string ReferenceGroup);

/// <summary>Reads a PlanStudy request: every field checked before any work, then the reference cohort counted and fitted.</summary>
internal static class PlanReader
{
    public static PlanInput Read(PlanStudyRequest request)
    {
        var plan = request.Plan ?? new StudyPlan();
        var violations = new FieldViolations();
        var hasCohort = request.ReferenceCohort is not null;
        PlanRules.Check(plan, hasCohort, violations);
        CohortData? cohort = null;
        if (plan.Control?.FormCase == ControlSurvival.FormOneofCase.CohortFit && hasCohort)
        {
            var reader = new CohortReader("reference_cohort");
            reader.Read(request.ReferenceCohort, violations);
            cohort = reader.Finish(violations);
        }
        violations.ThrowIfAny();
        var (reference, group) = cohort is null ? (null, "") : Fit(cohort, plan.Control!, violations);
        violations.ThrowIfAny();
        try
        {
            var control = reference?.Curve ?? ProtoMapper.ToCore(plan.Control!);
            return plan.Design == PlanDesign.OneArm
                ? new PlanInput(plan, null, ProtoMapper.ToOneArmDesign(plan, control), reference, group)
                : new PlanInput(plan, ProtoMapper.ToTwoArmDesign(plan, control), null, reference, group);
        }
        catch (InputRuleException rule)
        {
            // The rules above name every field; a rule of the engine's own is reported under the plan.
            throw new InputRuleException($"plan.{rule.Input}", rule.Requirement);
        }
    }

    private static (ReferenceCurve? Curve, string Group) Fit(CohortData cohort, ControlSurvival control, FieldViolations violations)
    {
        var groups = cohort.Counts.Groups;
        var label = control.CohortGroup.Length > 0 ? control.CohortGroup : groups.Length == 1 ? groups[0] : null;
        var index = label is null ? -1 : groups.IndexOf(label);
        if (index < 0)
        {
            violations.Add("plan.control.cohort_group", $"{InputRules.GroupLabelRequirement} of reference_cohort: {string.Join(", ", groups.Select(g => $"\"{g}\""))}");
            return (null, "");
        }
        var method = control.CohortFit switch
        {
            ReferenceFit.Exponential => ReferenceFitMethod.Exponential,
            ReferenceFit.PiecewiseExponential => ReferenceFitMethod.PiecewiseExponential,
            _ => ReferenceFitMethod.KaplanMeierMedian,
        };
        try
        {
            return (ReferenceCurve.Fit(cohort.Counts, index, method, [.. control.CohortCuts]), label!);
        }
        catch (InputRuleException rule)
        {
            violations.Add(rule.Input.StartsWith("reference_cohort", StringComparison.Ordinal) ? rule.Input : $"plan.{rule.Input}", rule.Requirement);
            return (null, "");
        }
    }
}
