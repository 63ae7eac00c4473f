using System.CommandLine;
using System.Globalization;
using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary><c>survival reconstruct POINTS --at-risk TABLE</c>: patients rebuilt from a published curve, written as a cohort CSV.</summary>
internal static class ReconstructCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var points = new Argument<FileInfo>("points") { Description = "CSV of the digitised points: columns time and survival (any order)" };
        points.AcceptExistingOnly();
        var atRisk = new Option<FileInfo>("--at-risk") { Description = "CSV of the table of numbers at risk: columns time and at_risk" };
        atRisk.AcceptExistingOnly();
        var arm = new Option<string?>("--arm") { Description = "column naming each row's arm, in both files (several arms at once)" };
        var label = new Option<string>("--label") { Description = "the group label of the rebuilt patients of a single arm", DefaultValueFactory = _ => "Published curve" };
        var subjects = new Option<string?>("--subjects") { Description = "patients at time 0: a number, or arm=number,... (required without --at-risk)" };
        var events = new Option<string?>("--events") { Description = "published total of events: a number, or arm=number,..." };
        var percent = new Option<bool>("--percent") { Description = "the survival column is in percent" };
        var fix = new Option<string>("--monotone") { Description = "how rising points are made non-increasing", DefaultValueFactory = _ => "isotonic" };
        fix.AcceptOnlyFromAmong("isotonic", "running-minimum");
        var unit = new Option<string>("--unit") { Description = "unit of the time axis (labels only)", DefaultValueFactory = _ => "" };
        var outPath = new Option<string>("--out") { Description = "the cohort CSV to write (time,event,group)", DefaultValueFactory = _ => "rebuilt_cohort.csv" };
        var plot = new Option<string?>("--plot") { Description = "write the rebuilt curves over the points to this .png or .svg file" };
        var caption = new Option<string>("--caption") { Description = "the line under the plot's title", DefaultValueFactory = _ => "Rebuilt from digitised points" };
        var server = new Option<Uri?>("--server") { Description = "address of a Survival server (default: run in-process)" };
        var apiKey = new Option<string?>("--api-key") { Description = "API key or bearer token for the server" };
        var command = new Command("reconstruct", "Patients rebuilt from a published Kaplan–Meier curve (Guyot et al. 2012): digitised points, numbers at risk and total events")
        {
            points, atRisk, arm, label, subjects, events, percent, fix, unit, outPath, plot, caption, server, apiKey,
        };
        command.SetAction((parse, cancellationToken) => ServiceCall.ReportingAsync(parse.GetValue(points)!.Name, error, async () =>
        {
            var arms = PublishedCurveFile.Read(parse.GetValue(points)!.FullName, parse.GetValue(atRisk)?.FullName, parse.GetValue(arm), parse.GetValue(percent));
            if (parse.GetValue(arm) is null) arms[0].Label = parse.GetValue(label)!;
            PerArm(parse.GetValue(subjects), arms, "--subjects", (a, n) => a.Subjects = n);
            PerArm(parse.GetValue(events), arms, "--events", (a, n) => a.TotalEvents = n);
            var request = new ReconstructCohortRequest
            {
                Arms = { arms },
                TimeUnit = parse.GetValue(unit)!,
                MonotoneFix = parse.GetValue(fix) == "running-minimum" ? MonotoneFix.RunningMinimum : MonotoneFix.IsotonicRegression,
            };
            var plotPath = parse.GetValue(plot);
            if (plotPath is not null) request.Plot = new PlotOptions { Format = SurvivalImage.FormatFor(plotPath), Caption = parse.GetValue(caption)! };
            var response = await ServiceCall.RunAsync(parse.GetValue(server), parse.GetValue(apiKey),
                (service, context) => service.ReconstructCohort(request, context),
                async (client, token) => await client.ReconstructCohortAsync(request, cancellationToken: token), cancellationToken);

            var path = parse.GetValue(outPath)!;
            PublishedCurveFile.WriteCohort(response.Cohort, path);
            Print(output, response);
            output.WriteLine($"Rebuilt cohort written to {path} (columns time, event, group)");
            if (plotPath is not null)
            {
                SurvivalImage.Save(response.Plot, plotPath);
                output.WriteLine($"Plot written to {plotPath}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>A number for every arm, or label=number pairs.</summary>
    private static void PerArm(string? text, IReadOnlyList<PublishedArm> arms, string option, Action<PublishedArm, long> set)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var all))
        {
            foreach (var a in arms) set(a, all);
            return;
        }
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            var target = arms.FirstOrDefault(a => a.Label == parts[0]);
            if (parts.Length != 2 || target is null || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                throw new CohortFileException($"{option} takes a number or arm=number pairs for the arms {string.Join(", ", arms.Select(a => a.Label))}; '{pair}' is neither");
            set(target, n);
        }
    }

    private static void Print(TextWriter output, ReconstructCohortResponse response)
    {
        foreach (var arm in response.Arms)
        {
            var name = arm.Label.Length > 0 ? arm.Label : "arm";
            var events = arm.HasTotalEventsGiven ? $"{arm.Events} events (published {arm.TotalEventsGiven})" : $"{arm.Events} events";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {arm.Subjects} patients, {events}; distance from the digitised points max {arm.MaxAbsoluteDifference:0.000}, mean {arm.MeanAbsoluteDifference:0.000}; {arm.PointsMadeMonotone} points made monotone"));
            TextTable.Write(output, ["time", "at risk published", "rebuilt"],
                [.. arm.AtRisk.Select(a => new[] { a.Time.ToString("0.###", CultureInfo.InvariantCulture), a.HasGiven ? a.Given.ToString(CultureInfo.InvariantCulture) : "(inferred)", a.Rebuilt.ToString(CultureInfo.InvariantCulture) })]);
            output.WriteLine();
        }
    }
}
