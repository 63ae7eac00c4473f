using System.Globalization;
using Survival.V1;

namespace Survival.Cli;

/// <summary>Writes a Cox regression as the table a paper reports: hazard ratios with intervals and p-values, then the tests.</summary>
internal sealed class CoxTablePrinter(TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Print(FitCoxModelRequest request, FitCoxModelResponse response)
    {
        var level = request.ConfLevel == 0 ? 0.95 : request.ConfLevel;
        var ties = request.Ties switch { TieMethod.Breslow => "Breslow", TieMethod.Exact => "exact", _ => "Efron" };
        var model = response.CauseOfInterest.Length > 0
            ? $"Fine–Gray model of the subdistribution hazard of {response.CauseOfInterest}: {response.Subjects} weighted rows, {response.Events} events of it"
            : $"Cox proportional hazards model: {response.Subjects} {(request.Cohort?.Subjects.Any(s => s.HasEntryTime) == true ? "rows" : "subjects")}, {response.Events} events";
        output.WriteLine($"{model}; {ties} ties" + (request.Stratified ? "; stratified" : "") +
                         (response.Clusters > 0 ? $"; robust variance over {response.Clusters} subjects" : ""));
        output.WriteLine();
        // With fractional case weights R's summary shows the model-based se beside the robust one the CI and p use.
        var robust = response.Coefficients.Any(c => c.HasNaiveStdError);
        string[] header = robust
            ? ["term", "HR", $"{level * 100:0.##}% CI", "p", "coef", "se(coef)", "robust se"]
            : ["term", "HR", $"{level * 100:0.##}% CI", "p", "coef", "se(coef)"];
        var rows = response.Coefficients.Select(c => c.HasCoefficient
            ? (robust
                ? new[] { Label(c), NumberText.Ratio(c.HazardRatio), $"{NumberText.Ratio(c.Lower)} to {NumberText.Ratio(c.Upper)}", NumberText.PValueCell(c.PValue), NumberText.Of(c.Coefficient), NumberText.Of(c.NaiveStdError), NumberText.Of(c.StdError) }
                : [Label(c), NumberText.Ratio(c.HazardRatio), $"{NumberText.Ratio(c.Lower)} to {NumberText.Ratio(c.Upper)}", NumberText.PValueCell(c.PValue), NumberText.Of(c.Coefficient), NumberText.Of(c.StdError)])
            : [Label(c), "—", "", "", "", c.NotEstimableReason, .. robust ? new[] { "" } : []]).ToList();
        WriteTable(header, rows);
        output.WriteLine();
        output.WriteLine(Test("Likelihood ratio test", response.LikelihoodRatio));
        output.WriteLine(Test("Wald test", response.Wald));
        output.WriteLine(Test("Score (log-rank) test", response.Score));
        if (response.RobustScore is { } robustScore) output.WriteLine(Test("Robust score test", robustScore));
        if (response.HasConcordance)
            output.WriteLine($"Concordance: {response.Concordance.ToString("0.000", Invariant)} (se {response.ConcordanceStdError.ToString("0.000", Invariant)})");
        if (!response.Converged) output.WriteLine($"Warning: {response.ConvergenceMessage}");
        if (response.ProportionalHazards is { } zph)
        {
            output.WriteLine();
            output.WriteLine("Proportional hazards (cox.zph, KM transform):");
            WriteTable(["term", "chi-square", "df", "p"],
                [.. zph.Terms.Append(zph.Global).Select(t => new[] { t.Term, NumberText.Of(t.ChiSquare), t.DegreesOfFreedom.ToString(Invariant), NumberText.PValueCell(t.PValue) })]);
        }
    }

    private static string Label(CoxCoefficient c) => c.Level.Length > 0 ? $"{c.Term}: {c.Level} vs {c.ReferenceLevel}" : c.Term;

    private static string Test(string name, TestStatistic test) => test.HasChiSquare
        ? $"{name}: {NumberText.Of(test.ChiSquare)} on {test.DegreesOfFreedom} df, p {NumberText.PValueCell(test.PValue)}"
        : $"{name}: not estimable ({test.NotEstimableReason})";




    private void WriteTable(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows) output.WriteLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
    }
}
