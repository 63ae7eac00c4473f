using System.Globalization;
using Survival.Core.Design;
using Survival.V1;

namespace Survival.Service.Mapping;

/// <summary>The R code that gives a plan's figures: rpact's call for two arms, Wu's integrals for one arm.</summary>
internal static class PlanRCode
{
    public static string TwoArms(StudyPlan plan, TwoArmDesign design, TwoArmPlanResult result)
    {
        var control = design.Control;
        var arguments = new List<string>
        {
            $"typeOfComputation = \"{design.Formula}\"",
            $"alpha = {R(design.Significance.Alpha)}", $"sided = {design.Significance.Sides}",
            control.IsExponential && plan.HasTreatmentMedian ? $"median1 = {R(plan.TreatmentMedian)}, median2 = {R(control.Median)}"
                : control.IsExponential ? $"hazardRatio = {R(design.HazardRatio)}, lambda2 = {R(control.Hazards[0])}"
                : $"hazardRatio = {R(design.HazardRatio)}, piecewiseSurvivalTime = {Vector(control.Starts)}, lambda2 = {Vector(control.Hazards)}",
            $"allocationRatioPlanned = {R(design.AllocationRatio)}",
            $"accrualTime = {Vector(design.Accrual.Ends.Prepend(0))}",
        };
        if (design.Accrual.Ends.Length > 1) arguments.Add($"accrualIntensity = {Vector(design.Accrual.Intensities)}");
        if (plan.DropoutTreatment != 0 || plan.DropoutControl != 0)
            arguments.Add($"dropoutRate1 = {R(plan.DropoutTreatment)}, dropoutRate2 = {R(plan.DropoutControl)}, dropoutTime = {R(plan.HasDropoutTime ? plan.DropoutTime : 12)}");
        string call;
        if (plan.Target == PlanTarget.Power)
        {
            if (design.Significance.Sides == 1) arguments.Add($"directionUpper = {(design.HazardRatio > 1 ? "TRUE" : "FALSE")}");
            // rpact takes the events; without them the plan's are those the patients give by accrual + follow-up.
            arguments.Add($"maxNumberOfEvents = {R(plan.HasEvents ? plan.Events : result.Events)}");
            arguments.Add($"maxNumberOfSubjects = {R(result.Patients)}");
            call = "getPowerSurvival";
        }
        else
        {
            arguments.Add($"beta = 1 - {R(plan.HasPower ? plan.Power : 0.8)}");
            arguments.Add(plan.HasFollowUp ? $"followUpTime = {R(plan.FollowUp)}" : $"maxNumberOfSubjects = {R(plan.Patients)}");
            call = "getSampleSizeSurvival";
        }
        return $"library(rpact)\n{call}(\n  {string.Join(",\n  ", arguments)})\n";
    }

    /// <summary>Wu's moments by integrate() from their definitions, then n and the power.</summary>
    public static string OneArm(StudyPlan plan, OneArmDesign design) => string.Join('\n',
        "# One-sample log-rank test, Wu (2015) Pharm Stat 14:26-33: Weibull null S0(t) = exp(-log(2) (t/m0)^k)",
        $"alpha <- {R(design.Significance.Alpha / design.Significance.Sides)}; ta <- {R(design.Accrual)}; tf <- {R(design.FollowUp)}; m0 <- {R(design.NullMedian)}; k <- {R(design.Shape)}; delta <- {R(design.HazardRatio)}",
        "H0 <- function(t) log(2) * (t / m0)^k; h0 <- function(t) k * log(2) * t^(k - 1) / m0^k",
        "G <- function(t) ifelse(t <= tf, 1, (ta + tf - t) / ta)",
        "moment <- function(j) integrate(function(t) G(t) * exp(-delta * H0(t)) * H0(t)^j * h0(t), 0, tf)$value +",
        "  integrate(function(t) G(t) * exp(-delta * H0(t)) * H0(t)^j * h0(t), tf, ta + tf)$value",
        "p0 <- moment(0); p00 <- moment(1); p1 <- delta * p0; p01 <- delta * p00",
        "omega <- p1 - p0; sigma <- sqrt(p1 - p1^2 + 2 * p00 - p0^2 - 2 * p01 + 2 * p0 * p1)",
        plan.Target == PlanTarget.Power
            ? $"n <- {R(plan.Patients)}"
            : $"n <- ceiling((sqrt(p0) * qnorm(1 - alpha) + sigma * qnorm({R(plan.HasPower ? plan.Power : 0.8)}))^2 / omega^2)",
        "power <- pnorm((sqrt(n) * abs(omega) - sqrt(p0) * qnorm(1 - alpha)) / sigma)",
        "");

    /// <summary>15 significant digits: a median of log 2 / λ prints as 14, not 14.000000000000002.</summary>
    private static string R(double value) => value.ToString("G15", CultureInfo.InvariantCulture);

    private static string Vector(IEnumerable<double> values) => $"c({string.Join(", ", values.Select(R))})";
}
