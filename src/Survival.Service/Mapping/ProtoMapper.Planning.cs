using Survival.Core;
using Survival.Core.Design;
using Survival.Service.Validation;
using Survival.V1;
using CoreEventsFormula = Survival.Core.Design.EventsFormula;
using ProtoEventsFormula = Survival.V1.EventsFormula;

namespace Survival.Service.Mapping;

/// <summary>This part: study plans.</summary>
internal static partial class ProtoMapper
{
    /// <summary>Dropout is a share lost by this time unless the plan says otherwise (rpact's dropoutTime).</summary>
    private const double DefaultDropoutTime = 12;

    /// <summary>The control curve a plan gives directly (a reference cohort's is fitted by the reader).</summary>
    public static PiecewiseExponential ToCore(ControlSurvival control) => control.FormCase switch
    {
        ControlSurvival.FormOneofCase.Median => PiecewiseExponential.FromMedian(control.Median),
        ControlSurvival.FormOneofCase.Hazard => PiecewiseExponential.Exponential(control.Hazard),
        ControlSurvival.FormOneofCase.SurvivalAt => PiecewiseExponential.FromSurvivalAt(control.SurvivalAt.Time, control.SurvivalAt.Survival),
        ControlSurvival.FormOneofCase.Piecewise => new PiecewiseExponential([.. control.Piecewise.Starts], [.. control.Piecewise.Hazards]),
        _ => throw new ArgumentOutOfRangeException(nameof(control)),
    };

    public static TwoArmDesign ToTwoArmDesign(StudyPlan plan, PiecewiseExponential control) =>
        new(control, HazardRatio(plan, control), new AccrualPattern([.. plan.AccrualEnds], [.. plan.AccrualIntensities]))
        {
            AllocationRatio = plan.HasAllocationRatio ? plan.AllocationRatio : 1,
            Dropout = Dropout.FromRates(plan.DropoutTreatment, plan.DropoutControl, plan.HasDropoutTime ? plan.DropoutTime : DefaultDropoutTime),
            Significance = Significance(plan, Core.Design.Significance.Default.Alpha),
            Formula = plan.Formula switch
            {
                ProtoEventsFormula.Freedman => CoreEventsFormula.Freedman,
                ProtoEventsFormula.HsiehFreedman => CoreEventsFormula.HsiehFreedman,
                _ => CoreEventsFormula.Schoenfeld,
            },
        };

    /// <summary>One arm: the null curve's median (the exponential's, whatever form gave it) and Weibull shape.</summary>
    public static OneArmDesign ToOneArmDesign(StudyPlan plan, PiecewiseExponential control) =>
        new(control.Median, HazardRatio(plan, control), plan.AccrualEnds[0], plan.FollowUp)
        {
            Shape = plan.Control.HasShape ? plan.Control.Shape : 1,
            Significance = Significance(plan, 0.05),
        };

    private static Significance Significance(StudyPlan plan, double defaultAlpha) =>
        new(plan.HasAlpha ? plan.Alpha : defaultAlpha, plan.Sided == 0 ? 1 : plan.Sided);

    /// <summary>The hazard ratio given, or the control's median over the treatment's.</summary>
    private static double HazardRatio(StudyPlan plan, PiecewiseExponential control)
    {
        if (plan.HasHazardRatio) return plan.HazardRatio;
        var ratio = control.Median / plan.TreatmentMedian;
        return InputRules.IsHazardRatio(ratio)
            ? ratio
            : throw new InputRuleException("treatment_median", $"must differ from the control's median: {InputRules.HazardRatioRequirement}");
    }

    public static PlanStudyResponse ToProto(PlanInput input, TwoArmPlanResult plan)
    {
        var design = input.TwoArms!;
        return Response(input, new PlanStudyResponse
        {
            TwoArms = new V1.TwoArmPlan
            {
                Events = plan.Events,
                EventsRequired = plan.EventsRequired,
                Patients = plan.Patients,
                PatientsTreatment = plan.PatientsTreatment,
                PatientsControl = plan.PatientsControl,
                PatientsTreatmentRequired = plan.PatientsTreatmentRequired,
                PatientsControlRequired = plan.PatientsControlRequired,
                PatientsRequired = plan.PatientsRequired,
                Power = plan.Power,
                HazardRatio = design.HazardRatio,
                MedianTreatment = design.Treatment.Median,
                MedianControl = design.Control.Median,
                EventProbability = plan.EventProbability,
                EventProbabilityTreatment = plan.EventProbabilityTreatment,
                EventProbabilityControl = plan.EventProbabilityControl,
                AccrualPeriod = plan.AccrualPeriod,
                AnalysisTime = plan.AnalysisTime,
                FollowUp = plan.FollowUp,
                PatientsAtAnalysis = plan.PatientsAtAnalysis,
                ControlHazards = ToProto(design.Control),
                CriticalValue = design.Significance.CriticalValue,
            },
            RCode = PlanRCode.TwoArms(input.Plan, design, plan),
        });
    }

    public static PlanStudyResponse ToProto(PlanInput input, OneArmPlanResult plan)
    {
        var design = input.OneArm!;
        return Response(input, new PlanStudyResponse
        {
            OneArm = new OneArmPlan
            {
                Patients = plan.Patients,
                PatientsRequired = plan.PatientsRequired,
                Power = plan.Power,
                HazardRatio = design.HazardRatio,
                NullMedian = design.NullMedian,
                Shape = design.Shape,
                P0 = plan.P0,
                P1 = plan.P1,
                P00 = plan.P00,
                P01 = plan.P01,
                Omega = plan.Omega,
                Sigma = plan.Sigma,
                ExpectedEvents = plan.ExpectedEvents,
                NullExpectedEvents = plan.NullExpectedEvents,
                CriticalValue = design.Significance.CriticalValue,
            },
            RCode = PlanRCode.OneArm(input.Plan, design),
        });
    }

    private static PlanStudyResponse Response(PlanInput input, PlanStudyResponse response)
    {
        response.Design = input.Plan.Design == PlanDesign.OneArm ? PlanDesign.OneArm : PlanDesign.TwoArms;
        response.Target = input.Plan.Target == PlanTarget.Power ? PlanTarget.Power : PlanTarget.SampleSize;
        response.TimeUnit = input.Plan.TimeUnit;
        if (input.Reference is { } reference)
        {
            response.Reference = new ReferenceSummary
            {
                Fit = input.Plan.Control.CohortFit == ReferenceFit.Unspecified ? ReferenceFit.KaplanMeierMedian : input.Plan.Control.CohortFit,
                Group = input.ReferenceGroup,
                Subjects = reference.Subjects,
                Events = reference.Events,
                TimeAtRisk = reference.TimeAtRisk,
                Curve = ToProto(reference.Curve),
                Median = reference.Curve.Median,
            };
            if (reference.KaplanMeierMedian is { } median) response.Reference.KaplanMeierMedian = median;
        }
        return response;
    }

    private static PiecewiseHazards ToProto(PiecewiseExponential curve) => new() { Starts = { curve.Starts }, Hazards = { curve.Hazards } };
}
