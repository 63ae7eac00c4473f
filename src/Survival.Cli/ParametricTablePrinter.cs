using System.Globalization;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// Writes parametric fits as a health-technology assessment tabulates them: per distribution (by AIC) and profile, AIC,
/// BIC, the median with its interval, the mean, the restricted mean and S at the requested times; then, when asked, each
/// fit's coefficients as <c>summary(survreg)</c> shows them.
/// </summary>
internal sealed class ParametricTablePrinter(TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Print(FitParametricModelRequest request, FitParametricModelResponse response, bool coefficients)
    {
        var level = request.ConfLevel == 0 ? 0.95 : request.ConfLevel;
        var unit = response.TimeUnit.Length > 0 ? $"; times in {response.TimeUnit}" : "";
        // A fit from sums whose data side did not give its largest time has no last follow-up (0).
        var last = response.LastFollowUp > 0 ? $"; last follow-up {NumberText.Significant(response.LastFollowUp)}" : "";
        output.WriteLine($"{response.Subjects} subjects, {response.Events} events{unit}{last}" +
                         (request.Stratified ? "; a scale per stratum" : ""));
        output.WriteLine();
        var fitted = response.Fits.Where(f => f.Predictions.Count > 0).ToArray();
        var times = fitted.FirstOrDefault()?.Predictions[0].AtTimes.Select(p => p.Time).ToArray() ?? [];
        var tau = fitted.FirstOrDefault()?.Predictions[0].Rmst?.Tau;
        var profiles = fitted.FirstOrDefault()?.Predictions.Count ?? 0;
        string[] header =
        [
            "distribution", .. profiles > 1 ? new[] { "profile" } : [], "AIC", "BIC", $"median ({level * 100:0.##}% CI)", "mean",
            .. tau is { } t ? new[] { $"RMST({NumberText.Significant(t)})" } : [], .. times.Select(t => $"S({NumberText.Significant(t)})"),
        ];
        var rows = new List<string[]>();
        foreach (var fit in response.Fits)
        {
            var name = Name(fit.Distribution) + (fit.Converged ? "" : " *");
            var aic = fit.HasAic ? fit.Aic.ToString("0.0", Invariant) : "—";
            var bic = fit.HasBic ? fit.Bic.ToString("0.0", Invariant) : "—";
            if (fit.Predictions.Count == 0)
            {
                // A fit without predictions (its log-likelihood not finite) still has its criteria.
                string[] known = [name, .. profiles > 1 ? new[] { "" } : [], aic, bic];
                rows.Add([.. known, .. Enumerable.Repeat("", header.Length - known.Length)]);
                continue;
            }
            foreach (var p in fit.Predictions)
            {
                var median = p.Quantiles.FirstOrDefault(q => q.Probability == 0.5);
                rows.Add(
                [
                    name, .. profiles > 1 ? new[] { p.Stratum.Length > 0 ? $"{p.Label} ({p.Stratum})" : p.Label } : [],
                    aic, bic,
                    median is null ? "" : median.HasTime ? $"{NumberText.Significant(median.Time)} ({Optional(median.HasLower, median.Lower)} to {Optional(median.HasUpper, median.Upper)})" : "not reached",
                    p.Mean.HasEstimate ? NumberText.Significant(p.Mean.Estimate) : "infinite",
                    .. p.Rmst is { } r ? new[] { NumberText.Significant(r.Estimate) } : [],
                    .. p.AtTimes.Select(a => Percent(a.Survival)),
                ]);
            }
        }
        WriteTable(header, rows);
        foreach (var fit in response.Fits.Where(f => !f.Converged))
            output.WriteLine($"* {Name(fit.Distribution)}: {fit.NotConvergedReason}");
        foreach (var fit in response.Fits.Where(f => f.Note.Length > 0)) output.WriteLine($"{Name(fit.Distribution)}: {fit.Note}");
        if (!coefficients) return;
        foreach (var fit in response.Fits.Where(f => f.Coefficients.Count > 0))
        {
            output.WriteLine();
            output.WriteLine($"{Name(fit.Distribution)}: log-likelihood {NumberText.Significant(fit.LogLikelihood)}, {fit.Iterations} iterations" +
                             (fit.LikelihoodRatio.HasChiSquare ? $"; chi-square {NumberText.Significant(fit.LikelihoodRatio.ChiSquare)} on {fit.LikelihoodRatio.DegreesOfFreedom} df, p {NumberText.PValueCell(fit.LikelihoodRatio.PValue)}" : ""));
            var ratio = fit.Coefficients.Any(c => c.HazardRatio is { HasEstimate: true }) ? "HR" : fit.Coefficients.Any(c => c.TimeRatio is { HasEstimate: true }) ? "time ratio" : null;
            var lines = fit.Coefficients.Select(c => c.HasEstimate
                ? new[] { Label(c), NumberText.Significant(c.Estimate), NumberText.Significant(c.StdError), NumberText.Significant(c.Z), NumberText.PValueCell(c.PValue), Ratio(c) }
                : [Label(c), "—", "", "", "", c.NotEstimableReason]).ToList();
            lines.AddRange(fit.Ancillary.Select(a => new[] { a.Stratum.Length > 0 ? $"{a.Name} ({a.Stratum})" : a.Name, NumberText.Significant(a.Estimate), a.HasStdError ? NumberText.Significant(a.StdError) : "", "", "", "" }));
            WriteTable(["term", "value", "std. error", "z", "p", ratio is null ? "" : $"{ratio} ({level * 100:0.##}% CI)"], lines);
        }
    }

    /// <summary>The hazard ratio where the family has one, else the time ratio, with its interval.</summary>
    private static string Ratio(ParametricCoefficient c)
    {
        var ratio = c.HazardRatio is { HasEstimate: true } ? c.HazardRatio : c.TimeRatio is { HasEstimate: true } ? c.TimeRatio : null;
        return ratio is null ? "" : $"{ratio.Estimate.ToString("0.00", Invariant)} ({ratio.Lower.ToString("0.00", Invariant)} to {ratio.Upper.ToString("0.00", Invariant)})";
    }

    public static string Name(Distribution distribution) => distribution switch
    {
        Distribution.Exponential => "exponential",
        Distribution.Weibull => "Weibull",
        Distribution.LogNormal => "log-normal",
        Distribution.LogLogistic => "log-logistic",
        Distribution.Gompertz => "Gompertz",
        _ => "generalized gamma",
    };

    private static string Label(ParametricCoefficient c) => c.Level.Length > 0 ? $"{c.Term}: {c.Level} vs {c.ReferenceLevel}" : c.Term;

    private static string Optional(bool has, double value) => has ? NumberText.Significant(value) : "—";


    private static string Percent(double value) => (value * 100).ToString("0.0", Invariant) + "%";


    private void WriteTable(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows) output.WriteLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
    }
}
