namespace Survival.Cli.Tests;

/// <summary><c>survival fit</c> on examples/lung_iptw.csv (R's lung, 227 subjects with ph.ecog) and the seven patients, in-process.</summary>
public class FitCommandTests
{
    private static readonly string Lung = Path.Combine(CliRun.Examples, "lung_iptw.csv");

    [Fact]
    public async Task Prints_the_fits_by_AIC_with_medians_and_coefficients_and_writes_the_plots()
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory().FullName;
        var plot = Path.Combine(directory, "fits.png");
        var diagnostic = Path.Combine(directory, "loglog.svg");

        // Act
        var run = await CliRun.InvokeAsync("fit", Lung, "--time", "time", "--event", "status", "--group", "sex",
            "--dist", "weibull,lognormal", "--coefficients", "--horizon", "1825", "--unit", "days",
            "--plot", plot, "--diagnostic-plot", diagnostic);

        // Assert: R survreg(Surv(time, status) ~ sex, d, dist = "weibull"): AIC 2290.8, BIC 2301.075; median
        // predict(type = "quantile", p = 0.5) 404.7853 (female) and 274.5586 (male); sexmale -0.3881920 (se 0.1272717),
        // Log(scale) -0.2850865 (se 0.0621119). Log-normal AIC 2319.5, so the Weibull comes first.
        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        var weibull = Array.FindIndex(lines, l => l.StartsWith("Weibull ", StringComparison.Ordinal));
        var logNormal = Array.FindIndex(lines, l => l.StartsWith("log-normal ", StringComparison.Ordinal));
        Assert.True(weibull >= 0 && weibull < logNormal, run.Output);
        Assert.Contains("2290.8  2301.1  404.8", lines[weibull]);
        Assert.Contains("274.6", lines[weibull + 1]);
        Assert.Contains("2319.5", lines[logNormal]);
        var sex = lines.Single(l => l.StartsWith("group: male vs female", StringComparison.Ordinal) && l.Contains("-0.3882"));
        Assert.Contains("0.1273", sex);
        var scale = lines.First(l => l.StartsWith("Log(scale)", StringComparison.Ordinal));
        Assert.Contains("-0.2851", scale);
        Assert.Contains("0.06211", scale);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(plot)[..4]);
        Assert.Contains("<svg", File.ReadAllText(diagnostic));
    }

    [Fact]
    public async Task The_coefficient_tables_columns_line_up_under_their_headers()
    {
        // Arrange: factor levels, a numeric term, hazard and time ratios, ancillary rows without z and p.
        string[] args = ["fit", Lung, "--time", "time", "--event", "status", "--group", "sex", "--terms", "age,ph_ecog",
            "--factor", "ph_ecog", "--dist", "weibull,lognormal,gompertz,exponential", "--coefficients"];

        // Act
        var run = await CliRun.InvokeAsync(args);

        // Assert: in each table the header's names start the columns (two spaces apart); every cell of a column lies
        // inside the column's span, the term flush left and the numbers flush right against the column's edge, so that
        // cutting a row at the header's positions gives whole cells.
        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var tables = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("term ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, tables.Length);
        foreach (var at in tables)
        {
            var header = lines[at];
            var columns = System.Text.RegularExpressions.Regex.Matches(header, @"\S+(?: \S+)*").ToArray();
            Assert.Equal(["term", "value", "std. error", "z", "p"], columns.Take(5).Select(c => c.Value));
            Assert.Matches(@"^(HR|time ratio) \(95% CI\)$", columns[5].Value);
            var rows = lines.Skip(at + 1).TakeWhile(l => l.Length > 0).ToArray();
            Assert.True(rows.Length >= 5, header);
            foreach (var row in rows)
            {
                var cells = new string[columns.Length];
                for (var c = 0; c < columns.Length; c++)
                {
                    var start = columns[c].Index;
                    var end = c + 1 < columns.Length ? columns[c + 1].Index - 2 : row.Length;
                    var cell = start < row.Length ? row[start..Math.Min(end, row.Length)] : "";
                    cells[c] = cell.Trim();
                    if (cells[c].Length == 0) continue;
                    // The two spaces before a column are blank: no cell of the column before runs into it.
                    if (c > 0) Assert.True(row[start - 2] == ' ' && row[start - 1] == ' ', $"column '{columns[c].Value}' is run into in: {row}");
                    if (c == 0) Assert.False(cell.StartsWith(' '), $"term not flush left: {row}");
                    else if (c + 1 < columns.Length) Assert.True(row.Length >= end && row[end - 1] != ' ', $"column '{columns[c].Value}' not flush right in: {row}");
                }
                Assert.True(double.TryParse(cells[1], System.Globalization.CultureInfo.InvariantCulture, out _), $"value '{cells[1]}' in: {row}");
                Assert.True(double.TryParse(cells[2], System.Globalization.CultureInfo.InvariantCulture, out _), $"std. error '{cells[2]}' in: {row}");
                if (cells[3].Length == 0) continue;
                Assert.True(double.TryParse(cells[3], System.Globalization.CultureInfo.InvariantCulture, out _), $"z '{cells[3]}' in: {row}");
                Assert.Matches(@"^(< 0\.001|[01]\.\d{3})$", cells[4]);
                if (cells[5].Length > 0) Assert.Matches(@"^\d+\.\d\d \(\d+\.\d\d to \d+\.\d\d\)$", cells[5]);
            }
            // The ratios, the last column, end together.
            Assert.Single(rows.Where(r => r.Length > columns[5].Index).Select(r => r.Length).Distinct());
        }
    }

    [Fact]
    public async Task A_distribution_it_does_not_know_is_an_input_error()
    {
        // Act
        var run = await CliRun.InvokeAsync("fit", Lung, "--time", "time", "--event", "status", "--dist", "weibull,gamma");

        // Assert
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("'gamma' is not one of", run.Error);
    }
}
