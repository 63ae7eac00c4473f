using MathNet.Numerics.RootFinding;

namespace Survival.Core.Design;

/// <summary>
/// The number of events and patients of a two-arm trial, and its power: rpact's <c>getSampleSizeSurvival</c> and
/// <c>getPowerSurvival</c> for a one-stage design.
/// </summary>
/// <remarks>
/// The events D follow from α, the power and Δ (<see cref="RequiredEvents"/>). Patients enter by the accrual pattern
/// over (0, A]; the analysis is at calendar time T = A + F, F the minimum follow-up. A patient's event is observed by T
/// with probability, averaged over entry,
/// <code>
/// ω_i(T) = Σ_j g_j ∫_{max(0, T − a_j)}^{max(0, T − a_{j−1})} P_e,i(x) dx          (arm i; see AccrualPattern)
/// ω(T)   = (r ω_treatment(T) + ω_control(T)) / (1 + r)
/// N      = D / ω(A + F)                 N_treatment = N r/(1 + r),  N_control = N/(1 + r)
/// </code>
/// The integrals are in closed form (<see cref="PiecewiseExponential.IntegratedEventProbability"/>); rpact integrates
/// numerically. Given N instead of F, the analysis time is the root of N ω(T) = D (Brent's method to 1e-12; rpact's
/// uniroot stops at 1e-6), which exists while D &lt; N ω(∞).
/// </remarks>
public static class TwoArmLogRankPlan
{
    /// <summary>The events and patients for <paramref name="power"/> with the analysis <paramref name="followUp"/> after accrual ends.</summary>
    /// <exception cref="InputRuleException">Power outside (0, 1) or a follow-up that is not finite and ≥ 0.</exception>
    public static TwoArmPlanResult SampleSize(TwoArmDesign design, double power, double followUp)
    {
        ArgumentNullException.ThrowIfNull(design);
        CheckPower(power);
        if (!InputRules.IsTime(followUp)) throw new InputRuleException("follow_up", InputRules.FollowUpRequirement);
        var events = RequiredEvents.For(design.Formula, design.HazardRatio, design.AllocationRatio, design.Significance, power);
        var time = design.Accrual.Period + followUp;
        return Result(design, events, events / EventProbability(design, time), time);
    }

    /// <summary>The events for <paramref name="power"/> and the follow-up at which <paramref name="patients"/> patients give them.</summary>
    /// <exception cref="InputRuleException">Power outside (0, 1), or too few patients ever to give the events.</exception>
    public static TwoArmPlanResult FollowUpFor(TwoArmDesign design, double power, double patients)
    {
        ArgumentNullException.ThrowIfNull(design);
        CheckPower(power);
        var events = RequiredEvents.For(design.Formula, design.HazardRatio, design.AllocationRatio, design.Significance, power);
        return Result(design, events, patients, TimeOfEvents(design, events, patients));
    }

    /// <summary>
    /// The power of <paramref name="events"/> events; with <paramref name="patients"/> also when they are expected. Given
    /// patients and a follow-up but no events, the events are those expected at A + F: N ω(A + F).
    /// </summary>
    /// <exception cref="InputRuleException">Neither events nor patients with follow-up, or events the patients never reach.</exception>
    public static TwoArmPlanResult Power(TwoArmDesign design, double? events, double? patients, double? followUp)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (events is { } given && !InputRules.IsRate(given)) throw new InputRuleException("events", InputRules.EventsRequirement);
        if (patients is { } enrolled && !InputRules.IsRate(enrolled)) throw new InputRuleException("patients", InputRules.PatientsRequirement);
        if (followUp is { } minimum && !InputRules.IsTime(minimum)) throw new InputRuleException("follow_up", InputRules.FollowUpRequirement);
        switch (events, patients, followUp)
        {
            case ({ } d, { } n, _):
                return Result(design, d, n, TimeOfEvents(design, d, n));
            case (null, { } n, { } f):
                var time = design.Accrual.Period + f;
                return Result(design, n * EventProbability(design, time), n, time);
            case ({ } d, null, _):
                // Without patients there is no timing: report the events alone, at the accrual's end plus the follow-up if any.
                var at = design.Accrual.Period + (followUp ?? 0);
                return Result(design, d, d / EventProbability(design, at), at);
            default:
                throw new InputRuleException("events", InputRules.PowerInputsRequirement);
        }
    }

    /// <summary>ω(T) of both arms.</summary>
    public static double EventProbability(TwoArmDesign design, double time)
    {
        var (treatment, control) = ArmEventProbabilities(design, time);
        var r = design.AllocationRatio;
        return (r * treatment + control) / (1 + r);
    }

    private static (double Treatment, double Control) ArmEventProbabilities(TwoArmDesign design, double time) => (
        design.Accrual.EventProbabilityBy(time, design.Treatment, design.Dropout.Treatment),
        design.Accrual.EventProbabilityBy(time, design.Control, design.Dropout.Control));

    /// <summary>The calendar time T at which N ω(T) = D.</summary>
    private static double TimeOfEvents(TwoArmDesign design, double events, double patients)
    {
        if (!InputRules.IsRate(patients)) throw new InputRuleException("patients", InputRules.PatientsRequirement);
        var r = design.AllocationRatio;
        var ever = (r * design.Treatment.EventProbability(double.PositiveInfinity, design.Dropout.Treatment)
            + design.Control.EventProbability(double.PositiveInfinity, design.Dropout.Control)) / (1 + r);
        if (!(events < patients * ever)) throw new InputRuleException("patients", InputRules.PatientsForEventsRequirement);
        var upper = Math.Max(1, design.Accrual.Period);
        while (patients * EventProbability(design, upper) < events) upper *= 2;
        return Brent.FindRoot(t => patients * EventProbability(design, t) - events, 0, upper, 1e-12 * upper, 500);
    }

    private static TwoArmPlanResult Result(TwoArmDesign design, double events, double patients, double time)
    {
        var r = design.AllocationRatio;
        var (treatment, control) = ArmEventProbabilities(design, time);
        return new TwoArmPlanResult
        {
            Events = events,
            Patients = patients,
            PatientsTreatment = patients * r / (1 + r),
            PatientsControl = patients / (1 + r),
            EventProbability = (r * treatment + control) / (1 + r),
            EventProbabilityTreatment = treatment,
            EventProbabilityControl = control,
            Power = RequiredEvents.Power(design.Formula, design.HazardRatio, r, design.Significance, events),
            AnalysisTime = time,
            AccrualPeriod = design.Accrual.Period,
            PatientsAtAnalysis = patients * design.Accrual.EnteredBy(time),
        };
    }

    private static void CheckPower(double power)
    {
        if (!InputRules.IsProbability(power)) throw new InputRuleException("power", InputRules.ProbabilityRequirement);
    }
}
