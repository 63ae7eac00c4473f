using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Survival.Client;
using Survival.Service;
using Survival.Service.Services;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// <c>survival plan</c>: the events, patients and power of the next study — two arms compared by the log-rank test (as
/// rpact), or one arm against a historical control (Wu 2015) — with the control's median given or read off a cohort file.
/// </summary>
internal static class PlanCommand
{
    private static readonly Dictionary<string, EventsFormula> Formulas = new(StringComparer.OrdinalIgnoreCase)
    {
        ["schoenfeld"] = EventsFormula.Schoenfeld, ["freedman"] = EventsFormula.Freedman, ["hsieh-freedman"] = EventsFormula.HsiehFreedman,
    };

    private static readonly Dictionary<string, ReferenceFit> Fits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["median"] = ReferenceFit.KaplanMeierMedian, ["exponential"] = ReferenceFit.Exponential, ["piecewise"] = ReferenceFit.PiecewiseExponential,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var oneArm = new Option<bool>("--one-arm") { Description = "one arm against the control's curve (one-sample log-rank test, Wu 2015) instead of two randomised arms" };
        var solvePower = new Option<bool>("--solve-power") { Description = "compute the power of --events or --patients instead of the sample size" };
        var controlMedian = new Option<double?>("--control-median") { Description = "the control's median (exponential survival)" };
        var controlHazard = new Option<double?>("--control-hazard") { Description = "the control's hazard per time unit (exponential survival)" };
        var controlSurvival = new Option<string?>("--control-survival") { Description = "the control's survival at a time, TIME:SURVIVAL (for example 12:0.6)" };
        var controlPieces = new Option<string?>("--control-piecewise") { Description = "the control's hazards from each start, START:HAZARD,... starting at 0 (for example 0:0.025,6:0.04)" };
        var shape = new Option<double?>("--shape") { Description = "one arm: Weibull shape of the control's curve (default 1, exponential)" };
        var reference = new Option<FileInfo>("--reference") { Description = "CSV or TSV file of a cohort whose curve is the control (for example the seven patients)" };
        reference.AcceptExistingOnly();
        var time = new Option<string?>("--time") { Description = "--reference: column of follow-up times" };
        var evt = new Option<string?>("--event") { Description = "--reference: column of event indicators" };
        var group = new Option<string?>("--group") { Description = "--reference: column of group labels" };
        var referenceGroup = new Option<string?>("--reference-group") { Description = "--reference: the group whose curve is the control" };
        var fit = new Option<string>("--fit") { Description = "--reference: the curve taken from it", DefaultValueFactory = _ => "median" };
        fit.AcceptOnlyFromAmong([.. Fits.Keys]);
        var cuts = new Option<string?>("--cuts") { Description = "--fit piecewise: the cut times, comma-separated" };
        var hazardRatio = new Option<double?>("--hazard-ratio") { Description = "the effect to detect: hazard ratio, treatment over control" };
        var treatmentMedian = new Option<double?>("--treatment-median") { Description = "the effect to detect as the treatment's median (exponential control)" };
        var alpha = new Option<double?>("--alpha") { Description = "type I error (default 0.025 one-sided for two arms, as rpact; 0.05 one-sided for one arm, as Wu)" };
        var sided = new Option<int>("--sided") { Description = "1 or 2 sides", DefaultValueFactory = _ => 1 };
        var power = new Option<double?>("--power") { Description = "power to plan for (default 0.8)" };
        var formula = new Option<string>("--formula") { Description = "two arms: events formula", DefaultValueFactory = _ => "schoenfeld" };
        formula.AcceptOnlyFromAmong([.. Formulas.Keys]);
        var allocation = new Option<double?>("--allocation") { Description = "two arms: patients on treatment per patient on control (default 1)" };
        var accrual = new Option<string>("--accrual") { Description = "accrual period, or the ends of accrual pieces comma-separated", Required = true };
        var intensity = new Option<string?>("--accrual-intensity") { Description = "relative accrual intensity of each piece, comma-separated" };
        var followUp = new Option<double?>("--follow-up") { Description = "minimum follow-up after the last patient enters" };
        var dropout = new Option<string?>("--dropout") { Description = "two arms: share lost by --dropout-time, one value or TREATMENT,CONTROL" };
        var dropoutTime = new Option<double?>("--dropout-time") { Description = "time by which --dropout is lost (default 12)" };
        var events = new Option<double?>("--events") { Description = "--solve-power: events at the analysis" };
        var patients = new Option<double?>("--patients") { Description = "patients: for --solve-power, or to solve for the follow-up they need" };
        var unit = new Option<string>("--unit") { Description = "time unit, for the output (for example months)", DefaultValueFactory = _ => "" };
        var server = new Option<Uri?>("--server") { Description = "address of a Survival server (default: run in-process)" };
        var command = new Command("plan", "The size or power of the next study: two arms by the log-rank test (as rpact) or one arm against a historical control (Wu 2015)")
        {
            oneArm, solvePower, controlMedian, controlHazard, controlSurvival, controlPieces, shape, reference, time, evt, group, referenceGroup, fit, cuts,
            hazardRatio, treatmentMedian, alpha, sided, power, formula, allocation, accrual, intensity, followUp, dropout, dropoutTime, events, patients,
            unit, server,
        };
        command.Validators.Add(result =>
        {
            var given = new[] { result.GetValue(controlMedian) is not null, result.GetValue(controlHazard) is not null,
                result.GetValue(controlSurvival) is not null, result.GetValue(controlPieces) is not null, result.GetValue(reference) is not null };
            if (given.Count(g => g) != 1)
                result.AddError("give the control once: --control-median, --control-hazard, --control-survival, --control-piecewise or --reference");
            if (result.GetValue(reference) is not null && (result.GetValue(time) is null || result.GetValue(evt) is null))
                result.AddError("--reference needs --time and --event");
        });
        command.SetAction((parse, cancellationToken) => ServiceCall.ReportingAsync(parse.GetValue(reference)?.Name ?? "plan", error, async () =>
        {
            var plan = new StudyPlan
            {
                Design = parse.GetValue(oneArm) ? PlanDesign.OneArm : PlanDesign.TwoArms,
                Target = parse.GetValue(solvePower) ? PlanTarget.Power : PlanTarget.SampleSize,
                Sided = parse.GetValue(sided),
                Formula = Formulas[parse.GetValue(formula)!],
                Control = new ControlSurvival(),
                AccrualEnds = { Numbers(parse.GetValue(accrual), "--accrual") },
                AccrualIntensities = { Numbers(parse.GetValue(intensity), "--accrual-intensity") },
                TimeUnit = parse.GetValue(unit)!,
            };
            if (parse.GetValue(alpha) is { } a) plan.Alpha = a;
            if (parse.GetValue(power) is { } p) plan.Power = p;
            if (parse.GetValue(hazardRatio) is { } hr) plan.HazardRatio = hr;
            if (parse.GetValue(treatmentMedian) is { } tm) plan.TreatmentMedian = tm;
            if (parse.GetValue(allocation) is { } r) plan.AllocationRatio = r;
            if (parse.GetValue(followUp) is { } f) plan.FollowUp = f;
            if (parse.GetValue(dropoutTime) is { } dt) plan.DropoutTime = dt;
            if (parse.GetValue(events) is { } d) plan.Events = d;
            if (parse.GetValue(patients) is { } n) plan.Patients = n;
            if (parse.GetValue(shape) is { } k) plan.Control.Shape = k;
            if (parse.GetValue(dropout) is { } lost)
            {
                var rates = Numbers(lost, "--dropout");
                if (rates.Length is not (1 or 2)) throw new CohortFileException("--dropout takes one share or TREATMENT,CONTROL", 0);
                (plan.DropoutTreatment, plan.DropoutControl) = (rates[0], rates[^1]);
            }
            var request = new PlanStudyRequest { Plan = plan };
            if (parse.GetValue(controlMedian) is { } median) plan.Control.Median = median;
            else if (parse.GetValue(controlHazard) is { } hazard) plan.Control.Hazard = hazard;
            else if (parse.GetValue(controlSurvival) is { } point) plan.Control.SurvivalAt = SurvivalAt(point);
            else if (parse.GetValue(controlPieces) is { } pieces) plan.Control.Piecewise = Pieces(pieces);
            else
            {
                var file = parse.GetValue(reference)!;
                plan.Control.CohortFit = Fits[parse.GetValue(fit)!];
                plan.Control.CohortCuts.Add(Numbers(parse.GetValue(cuts), "--cuts"));
                plan.Control.CohortGroup = parse.GetValue(referenceGroup) ?? "";
                request.ReferenceCohort = CohortFile.Read(file.FullName, new CohortColumns { Time = parse.GetValue(time), Event = parse.GetValue(evt)!, Group = parse.GetValue(group) });
            }
            var response = await PlanAsync(request, parse.GetValue(server), cancellationToken);
            new PlanPrinter(output).Print(request, response, parse.GetValue(reference)?.Name);
            return 0;
        }));
        return command;
    }

    private static double[] Numbers(string? list, string option) =>
        [.. (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new CohortFileException($"{option}: \"{text}\" is not a number", 0))];

    private static SurvivalAtTime SurvivalAt(string point)
    {
        var parts = Numbers(point.Replace(':', ','), "--control-survival");
        return parts.Length == 2 ? new SurvivalAtTime { Time = parts[0], Survival = parts[1] } : throw new CohortFileException("--control-survival takes TIME:SURVIVAL", 0);
    }

    private static PiecewiseHazards Pieces(string list)
    {
        var pieces = new PiecewiseHazards();
        foreach (var piece in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = Numbers(piece.Replace(':', ','), "--control-piecewise");
            if (parts.Length != 2) throw new CohortFileException("--control-piecewise takes START:HAZARD,...", 0);
            pieces.Starts.Add(parts[0]);
            pieces.Hazards.Add(parts[1]);
        }
        return pieces;
    }

    private static async Task<PlanStudyResponse> PlanAsync(PlanStudyRequest request, Uri? server, CancellationToken cancellationToken)
    {
        if (server is null)
            return await ErrorPolicy.RunAsync(() => new SurvivalAnalysisService().PlanStudy(request, new LocalCallContext(cancellationToken)), cancellationToken);
        using var channel = SurvivalChannel.Create(server);
        return await new SurvivalAnalysis.SurvivalAnalysisClient(channel).PlanStudyAsync(request, cancellationToken: cancellationToken);
    }
}
