using Survival.Core;
using Survival.V1;

namespace Survival.Service.Validation;

/// <summary>What a study plan must satisfy, every violation named by its field path under <c>plan.</c>.</summary>
internal static class PlanRules
{
    private const string TwoArmsOnly = "is for two arms only (plan.design = PLAN_DESIGN_TWO_ARMS)";
    private const string OneArmAccrual = "must be one time for one arm: Wu's formula assumes uniform accrual over it";
    private const string OneArmDropout = "must be 0 for one arm: Wu's formula has no dropout";

    public static void Check(StudyPlan plan, bool hasReferenceCohort, FieldViolations violations)
    {
        EnumRules.CheckDefined(plan.Design, "plan.design", violations);
        EnumRules.CheckDefined(plan.Target, "plan.target", violations);
        EnumRules.CheckDefined(plan.Formula, "plan.formula", violations);
        var oneArm = plan.Design == PlanDesign.OneArm;
        var power = plan.Target == PlanTarget.Power;
        if (plan.HasAlpha && !InputRules.IsProbability(plan.Alpha)) violations.Add("plan.alpha", InputRules.ProbabilityRequirement);
        if (plan.Sided is not (0 or 1 or 2)) violations.Add("plan.sided", InputRules.SidesRequirement);
        if (plan.HasPower && !InputRules.IsProbability(plan.Power)) violations.Add("plan.power", InputRules.ProbabilityRequirement);
        CheckControl(plan.Control, oneArm, hasReferenceCohort, violations);
        CheckEffect(plan, violations);
        CheckAccrual(plan, oneArm, violations);
        if (plan.HasFollowUp && !InputRules.IsTime(plan.FollowUp)) violations.Add("plan.follow_up", InputRules.FollowUpRequirement);
        if (plan.HasAllocationRatio && !InputRules.IsRate(plan.AllocationRatio)) violations.Add("plan.allocation_ratio", InputRules.AllocationRequirement);
        if (oneArm && plan.HasAllocationRatio) violations.Add("plan.allocation_ratio", TwoArmsOnly);
        CheckDropout(plan, oneArm, violations);
        if (plan.HasEvents && !InputRules.IsRate(plan.Events)) violations.Add("plan.events", InputRules.EventsRequirement);
        if (plan.HasPatients && !InputRules.IsRate(plan.Patients)) violations.Add("plan.patients", InputRules.PatientsRequirement);
        if (oneArm && plan.HasEvents) violations.Add("plan.events", TwoArmsOnly);
        CheckWhatIsSolved(plan, oneArm, power, violations);
    }

    private static void CheckControl(ControlSurvival? control, bool oneArm, bool hasReferenceCohort, FieldViolations violations)
    {
        switch (control?.FormCase ?? ControlSurvival.FormOneofCase.None)
        {
            case ControlSurvival.FormOneofCase.None:
                violations.Add("plan.control", "must give the control's survival: median, hazard, survival_at, piecewise or cohort_fit (with reference_cohort)");
                return;
            case ControlSurvival.FormOneofCase.Median when !InputRules.IsRate(control!.Median):
                violations.Add("plan.control.median", InputRules.MedianRequirement);
                break;
            case ControlSurvival.FormOneofCase.Hazard when !InputRules.IsRate(control!.Hazard):
                violations.Add("plan.control.hazard", InputRules.HazardRequirement);
                break;
            case ControlSurvival.FormOneofCase.SurvivalAt:
                if (!InputRules.IsRate(control!.SurvivalAt.Time)) violations.Add("plan.control.survival_at.time", InputRules.TauRequirement);
                if (!InputRules.IsProbability(control.SurvivalAt.Survival)) violations.Add("plan.control.survival_at.survival", InputRules.ProbabilityRequirement);
                break;
            case ControlSurvival.FormOneofCase.Piecewise:
                if (oneArm) violations.Add("plan.control.piecewise", "must be an exponential or Weibull curve for one arm (median or hazard with shape): Wu's closed form is for those");
                CheckPieces(control!.Piecewise, violations);
                break;
            case ControlSurvival.FormOneofCase.CohortFit:
                EnumRules.CheckDefined(control!.CohortFit, "plan.control.cohort_fit", violations);
                if (!hasReferenceCohort) violations.Add("reference_cohort", "is required when plan.control.cohort_fit is set");
                if (control.CohortFit == ReferenceFit.PiecewiseExponential && oneArm)
                    violations.Add("plan.control.cohort_fit", "must be the Kaplan–Meier median or the exponential fit for one arm");
                if (control.CohortFit == ReferenceFit.PiecewiseExponential && control.CohortCuts.Count == 0)
                    violations.Add("plan.control.cohort_cuts", "must give at least one cut for the piecewise-exponential fit");
                break;
        }
        if (control!.CohortCuts.Count > 0 && control.CohortFit != ReferenceFit.PiecewiseExponential)
            violations.Add("plan.control.cohort_cuts", "are read only with cohort_fit = REFERENCE_FIT_PIECEWISE_EXPONENTIAL");
        for (var k = 0; k < control.CohortCuts.Count; k++)
        {
            if (!InputRules.IsRate(control.CohortCuts[k]) || (k > 0 && !(control.CohortCuts[k] > control.CohortCuts[k - 1])))
                violations.Add($"plan.control.cohort_cuts[{k}]", "must be finite times > 0 in increasing order");
        }
        if (control.HasShape && !InputRules.IsRate(control.Shape)) violations.Add("plan.control.shape", InputRules.ShapeRequirement);
        if (control.HasShape && !oneArm) violations.Add("plan.control.shape", "is for one arm only: two-arm plans use exponential or piecewise-exponential curves");
    }

    private static void CheckPieces(PiecewiseHazards pieces, FieldViolations violations)
    {
        if (pieces.Starts.Count == 0 || pieces.Starts.Count != pieces.Hazards.Count || pieces.Starts[0] != 0)
            violations.Add("plan.control.piecewise.starts", InputRules.PieceStartsRequirement);
        for (var k = 1; k < pieces.Starts.Count; k++)
        {
            if (!(pieces.Starts[k] > pieces.Starts[k - 1]) || !double.IsFinite(pieces.Starts[k]))
                violations.Add($"plan.control.piecewise.starts[{k}]", InputRules.PieceStartsRequirement);
        }
        for (var k = 0; k < pieces.Hazards.Count; k++)
        {
            if (!InputRules.IsRate(pieces.Hazards[k])) violations.Add($"plan.control.piecewise.hazards[{k}]", InputRules.HazardRequirement);
        }
    }

    private static void CheckEffect(StudyPlan plan, FieldViolations violations)
    {
        if (plan.HasHazardRatio == plan.HasTreatmentMedian)
        {
            violations.Add("plan.hazard_ratio", "or plan.treatment_median must be given, not both: the effect to detect");
            return;
        }
        if (plan.HasHazardRatio && !InputRules.IsHazardRatio(plan.HazardRatio))
            violations.Add("plan.hazard_ratio", InputRules.HazardRatioRequirement);
        if (!plan.HasTreatmentMedian) return;
        if (!InputRules.IsRate(plan.TreatmentMedian)) violations.Add("plan.treatment_median", InputRules.MedianRequirement);
        var exponential = plan.Control?.FormCase is ControlSurvival.FormOneofCase.Median or ControlSurvival.FormOneofCase.Hazard
            or ControlSurvival.FormOneofCase.SurvivalAt
            || (plan.Control?.FormCase == ControlSurvival.FormOneofCase.CohortFit && plan.Control.CohortFit != ReferenceFit.PiecewiseExponential);
        if (!exponential || (plan.Control!.HasShape && plan.Control.Shape != 1))
            violations.Add("plan.treatment_median", "needs an exponential control (two medians fix a hazard ratio only then); give plan.hazard_ratio");
        else if (plan.Control.FormCase == ControlSurvival.FormOneofCase.Median && plan.Control.Median == plan.TreatmentMedian)
            violations.Add("plan.treatment_median", $"must differ from the control's median: {InputRules.HazardRatioRequirement}");
    }

    private static void CheckAccrual(StudyPlan plan, bool oneArm, FieldViolations violations)
    {
        var ends = plan.AccrualEnds;
        if (ends.Count == 0) violations.Add("plan.accrual_ends", InputRules.AccrualRequirement);
        for (var j = 0; j < ends.Count; j++)
        {
            if (!InputRules.IsRate(ends[j]) || (j > 0 && !(ends[j] > ends[j - 1]))) violations.Add($"plan.accrual_ends[{j}]", InputRules.AccrualRequirement);
        }
        var intensities = plan.AccrualIntensities;
        if (intensities.Count > 0 && (intensities.Count != ends.Count || !intensities.All(w => double.IsFinite(w) && w >= 0) || !intensities.Any(w => w > 0)))
            violations.Add("plan.accrual_intensities", InputRules.AccrualIntensityRequirement);
        if (oneArm && ends.Count > 1) violations.Add("plan.accrual_ends", OneArmAccrual);
        if (oneArm && intensities.Count > 0) violations.Add("plan.accrual_intensities", OneArmAccrual);
    }

    private static void CheckDropout(StudyPlan plan, bool oneArm, FieldViolations violations)
    {
        if (!InputRules.IsDropoutRate(plan.DropoutTreatment)) violations.Add("plan.dropout_treatment", InputRules.DropoutRateRequirement);
        if (!InputRules.IsDropoutRate(plan.DropoutControl)) violations.Add("plan.dropout_control", InputRules.DropoutRateRequirement);
        if (plan.HasDropoutTime && !InputRules.IsRate(plan.DropoutTime)) violations.Add("plan.dropout_time", InputRules.TauRequirement);
        if (oneArm && plan.DropoutTreatment != 0) violations.Add("plan.dropout_treatment", OneArmDropout);
        if (oneArm && plan.DropoutControl != 0) violations.Add("plan.dropout_control", OneArmDropout);
    }

    /// <summary>What each target needs: the sample size a follow-up (or, two arms, the patients); the power events or patients.</summary>
    private static void CheckWhatIsSolved(StudyPlan plan, bool oneArm, bool power, FieldViolations violations)
    {
        if (oneArm)
        {
            if (!plan.HasFollowUp) violations.Add("plan.follow_up", "is required for one arm: the follow-up after the last patient enters");
            if (power && !plan.HasPatients) violations.Add("plan.patients", "is required for the power of one arm");
            return;
        }
        if (!power && !plan.HasFollowUp && !plan.HasPatients)
            violations.Add("plan.follow_up", "or plan.patients must be given: the follow-up fixes the patients, or the patients fix the follow-up");
        if (!power && plan.HasFollowUp && plan.HasPatients)
            violations.Add("plan.patients", "must be absent when plan.follow_up is given for the sample size (give one: the other is solved)");
        if (!power && plan.HasEvents) violations.Add("plan.events", "is for the power (plan.target = PLAN_TARGET_POWER): the sample size computes them");
        if (power && !plan.HasEvents && !(plan.HasPatients && plan.HasFollowUp))
            violations.Add("plan.events", InputRules.PowerInputsRequirement);
    }
}
