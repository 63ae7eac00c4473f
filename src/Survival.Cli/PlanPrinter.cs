using System.Globalization;
using Survival.V1;

namespace Survival.Cli;

/// <summary>A plan as a statistician writes it into a protocol: the assumptions, then the events, patients and timing.</summary>
internal sealed class PlanPrinter(TextWriter output)
{
    public void Print(PlanStudyRequest request, PlanStudyResponse response, string? referenceFile)
    {
        var plan = request.Plan;
        var unit = plan.TimeUnit.Length > 0 ? " " + plan.TimeUnit : "";
        if (response.Reference is { } reference)
        {
            var median = reference.HasKaplanMeierMedian ? $"Kaplan–Meier median {N(reference.KaplanMeierMedian)}{unit}" : "Kaplan–Meier median not reached";
            var fitted = reference.Fit switch
            {
                ReferenceFit.Exponential => $"exponential fit: {reference.Events} events in {N(reference.TimeAtRisk)}{unit} at risk, median {N(reference.Median)}{unit}",
                ReferenceFit.PiecewiseExponential => $"piecewise-exponential fit, hazards {string.Join(", ", reference.Curve.Hazards.Select(h => N(h, 4)))} from {string.Join(", ", reference.Curve.Starts.Select(s => N(s)))}{unit}",
                _ => $"the exponential curve with that median",
            };
            output.WriteLine($"Reference: {referenceFile}{(reference.Group.Length > 0 ? $" ({reference.Group})" : "")}, {reference.Subjects} patients, {reference.Events} events, {median}; {fitted}");
        }
        if (response.TwoArms is { } two) PrintTwoArms(plan, two, unit);
        else PrintOneArm(plan, response.OneArm, unit);
        output.WriteLine();
        output.WriteLine("R:");
        output.Write(response.RCode);
    }

    private void PrintTwoArms(StudyPlan plan, TwoArmPlan two, string unit)
    {
        var formula = plan.Formula switch { EventsFormula.Freedman => "Freedman", EventsFormula.HsiehFreedman => "Hsieh–Freedman", _ => "Schoenfeld" };
        var sides = plan.Sided == 2 ? "two-sided" : "one-sided";
        output.WriteLine($"Two arms, log-rank test ({formula}), {sides} α = {N(plan.HasAlpha ? plan.Alpha : 0.025, 4)}");
        output.WriteLine($"Control median {N(two.MedianControl)}{unit}; treatment median {N(two.MedianTreatment)}{unit}; hazard ratio {N(two.HazardRatio, 4)}");
        output.WriteLine($"Allocation {N(plan.HasAllocationRatio ? plan.AllocationRatio : 1)}:1; accrual {N(two.AccrualPeriod)}{unit}; dropout {Dropout(plan, unit)}");
        output.WriteLine();
        output.WriteLine($"  Events              {two.EventsRequired,8}   ({N(two.Events, 3)})");
        output.WriteLine($"  Patients            {two.PatientsRequired,8}   (treatment {two.PatientsTreatmentRequired}, control {two.PatientsControlRequired}; {N(two.Patients, 3)} unrounded)");
        output.WriteLine($"  Power               {Percent(two.Power),8}");
        output.WriteLine($"  Analysis at         {N(two.AnalysisTime, 2),8}{unit} from the first entry; follow-up after the last entry {N(two.FollowUp, 2)}{unit}");
        output.WriteLine($"  P(event observed)   {N(two.EventProbability, 4),8}   (treatment {N(two.EventProbabilityTreatment, 4)}, control {N(two.EventProbabilityControl, 4)})");
    }

    private void PrintOneArm(StudyPlan plan, OneArmPlan one, string unit)
    {
        var sides = plan.Sided == 2 ? "two-sided" : "one-sided";
        var curve = one.Shape == 1 ? "exponential" : $"Weibull, shape {N(one.Shape)}";
        output.WriteLine($"One arm against the control's curve, one-sample log-rank test (Wu 2015), {sides} α = {N(plan.HasAlpha ? plan.Alpha : 0.05, 4)}");
        output.WriteLine($"Control: {curve}, median {N(one.NullMedian)}{unit}; hazard ratio {N(one.HazardRatio, 4)}; accrual {N(plan.AccrualEnds[0])}{unit}, follow-up {N(plan.FollowUp)}{unit}");
        output.WriteLine();
        output.WriteLine($"  Patients            {one.PatientsRequired,8}   ({N(one.Patients, 3)} unrounded)");
        output.WriteLine($"  Power               {Percent(one.Power),8}");
        output.WriteLine($"  Expected events     {N(one.ExpectedEvents, 1),8}   (the control's curve expects {N(one.NullExpectedEvents, 1)})");
    }

    private static string Dropout(StudyPlan plan, string unit) => plan.DropoutTreatment == 0 && plan.DropoutControl == 0
        ? "none"
        : $"{Percent(plan.DropoutTreatment)} (treatment), {Percent(plan.DropoutControl)} (control) by {N(plan.HasDropoutTime ? plan.DropoutTime : 12)}{unit}";

    private static string N(double value, int digits = 2) => Math.Round(value, digits).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
