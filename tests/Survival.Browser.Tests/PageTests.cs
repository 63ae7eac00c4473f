using Microsoft.Playwright;

namespace Survival.Browser.Tests;

/// <summary>The researchers' page in a real browser against the real server: a file in, the numbers and plot out.</summary>
[Collection(BrowserCollection.Name)]
public class PageTests(BrowserFixture browser)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    private static async Task AnalyzeAsync(IPage page)
    {
        await page.GetByTestId("analyze").ClickAsync();
        await page.Locator("#results:not([hidden]), #errors:not([hidden])").First.WaitForAsync();
    }

    [Fact]
    public async Task Seven_patients_give_the_median_OS_with_its_interval_and_the_plot()
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(Example("seven_patient_cohort_illustrative.csv"));
        await page.GetByTestId("time-column").SelectOptionAsync("os_months");
        await page.GetByTestId("event-column").SelectOptionAsync("os_event");

        // Act
        await AnalyzeAsync(page);
        await Screenshots.TakeAsync(page, "seven_patients");

        // Assert: R quantile(survfit(Surv(os_months, os_event) ~ 1), 0.5): 14, 95% CI 14 to NA (not reached).
        var row = page.GetByTestId("summary").Locator("tbody tr");
        Assert.Equal(1, await row.CountAsync());
        var cells = await row.Locator("th, td").AllInnerTextsAsync();
        Assert.Equal(["all", "7", "2", "14 (14 to not reached)"], cells);
        var plot = page.GetByTestId("plot").Locator("img");
        Assert.StartsWith("data:image/svg+xml;base64,", await plot.GetAttributeAsync("src"));
        Assert.True(await plot.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        Assert.Contains("wide", await page.Locator("#caution").InnerTextAsync());
        Assert.Contains("survfit(Surv(time, status) ~ 1", await page.Locator("#r-code").InputValueAsync());
    }

    [Fact]
    public async Task The_bundled_example_is_marked_illustrative_and_preselects_OS()
    {
        // Arrange
        var page = await browser.OpenAsync();

        // Act
        await page.GetByRole(AriaRole.Button, new() { Name = "Load the illustrative example" }).ClickAsync();
        await AnalyzeAsync(page);
        await Screenshots.TakeAsync(page, "example_desktop");
        await page.SetViewportSizeAsync(390, 900);
        await Screenshots.TakeAsync(page, "example_phone");

        // Assert
        Assert.True(await page.Locator("#example-note").IsVisibleAsync());
        Assert.Equal("os_months", await page.GetByTestId("time-column").InputValueAsync());
        Assert.Contains("14 (14 to not reached)", await page.GetByTestId("summary").InnerTextAsync());
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page scrolls sideways at phone width");
    }

    [Fact]
    public async Task Two_groups_give_tests_and_hazard_ratios_and_a_PNG_download()
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(Example("veteran.csv"));
        await page.GetByTestId("time-column").SelectOptionAsync("time");
        await page.GetByTestId("event-column").SelectOptionAsync("status");
        await page.GetByTestId("group-column").SelectOptionAsync("trt");
        await page.Locator("#options > summary").ClickAsync();
        await page.GetByLabel("Gehan–Breslow").CheckAsync();
        await page.GetByLabel("Time unit").SelectOptionAsync("days");

        // Act
        await AnalyzeAsync(page);
        await Screenshots.TakeAsync(page, "veteran_trt");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-png").ClickAsync());
        var png = await File.ReadAllBytesAsync((await download.PathAsync())!);

        // Assert: R survdiff(Surv(time, status) ~ trt, veteran): chi-square 0.008, p = 0.928; rho = 1 is not
        // Gehan–Breslow, whose p (0.327) is the README's from the engine's R-checked tests.
        var summary = await page.GetByTestId("summary").Locator("tbody tr th").AllInnerTextsAsync();
        Assert.Equal(["standard", "test"], summary);
        var tests = await page.Locator("#comparison table").First.Locator("tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, tests.Count);
        Assert.StartsWith("Log-rank", tests[0]);
        Assert.Contains("0.928", tests[0]);
        Assert.StartsWith("Gehan–Breslow", tests[1]);
        Assert.Contains("0.327", tests[1]);
        Assert.Contains("Cox model", await page.Locator("#comparison").InnerTextAsync());
        Assert.Equal(PngSignature, png.Take(PngSignature.Length).ToArray());
        Assert.EndsWith(".png", download.SuggestedFilename);
    }

    [Fact]
    public async Task Dates_give_times_in_the_chosen_unit_and_a_median_plainly_not_reached()
    {
        // Arrange: five case reports, every patient alive at last report.
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(Example("case_reports_dates.csv"));
        await page.GetByLabel("start and end dates (YYYY-MM-DD)").CheckAsync();
        await page.GetByLabel("Start date (for example treatment start)").SelectOptionAsync("start_date");
        await page.GetByLabel("End date (event or last follow-up)").SelectOptionAsync("last_followup_date");
        await page.GetByTestId("event-column").SelectOptionAsync("died");
        await page.GetByLabel("Time unit").SelectOptionAsync("months");

        // Act
        await AnalyzeAsync(page);
        await Screenshots.TakeAsync(page, "case_reports_dates");

        // Assert: R quantile(survfit(Surv(months, died) ~ 1), 0.5) is NA without any event.
        var cells = await page.GetByTestId("summary").Locator("tbody tr").Locator("th, td").AllInnerTextsAsync();
        Assert.Equal(["all", "5", "0", "not reached"], cells);
        Assert.Contains("Median months", await page.GetByTestId("summary").Locator("thead").InnerTextAsync());
        Assert.Contains("as.Date", await page.Locator("#r-code").InputValueAsync());
    }

    private static async Task<string> FileWith(string name, string text)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("survival-browser-").FullName, name);
        await File.WriteAllTextAsync(file, text);
        return file;
    }

    /// <summary>examples/veteran.csv with R's own status coding: 1 = censored, 2 = dead.</summary>
    private static async Task<string> VeteranCodedAsInR()
    {
        var lines = await File.ReadAllLinesAsync(Example("veteran.csv"));
        return await FileWith("veteran_r.csv", string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            cells[1] = cells[1] == "1" ? "2" : "1";
            return string.Join(',', cells);
        }))) + "\n");
    }

    [Fact]
    public async Task A_status_of_1_and_2_preselects_2_as_R_does_and_shows_the_counts_before_analysing()
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(await VeteranCodedAsInR());
        await page.GetByTestId("time-column").SelectOptionAsync("time");
        await page.GetByTestId("event-column").SelectOptionAsync("status");
        await page.GetByTestId("group-column").SelectOptionAsync("trt");

        // Act
        var preselected = await page.GetByTestId("event-value").InputValueAsync();
        var note = await page.Locator("#event-coding").InnerTextAsync();
        await AnalyzeAsync(page);
        await Screenshots.TakeAsync(page, "veteran_r_coding");

        // Assert: R's Surv reads 2 as dead; survfit(Surv(time, status) ~ trt, veteran): 128 deaths of 137.
        Assert.Equal("2", preselected);
        Assert.Contains("holds 1 and 2", note);
        Assert.Contains("With “2” as the event: 128 events, 9 censored", note);
        var rows = await page.GetByTestId("summary").Locator("tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, rows.Count);
        Assert.Contains("64", rows[0]);
        Assert.Contains("64", rows[1]);
    }

    [Fact]
    public async Task Words_in_the_event_column_are_asked_about_and_an_empty_cell_is_refused_by_its_line()
    {
        // Arrange: "dead"/"alive" with one empty cell on line 5.
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(await FileWith("words.csv", "patient,months,vital\nA,9,dead\nB,51,alive\nC,14,dead\nD,8,\nE,11,alive\n"));
        await page.GetByTestId("time-column").SelectOptionAsync("months");
        await page.GetByTestId("event-column").SelectOptionAsync("vital");

        // Act: analyse without choosing, then choose "dead".
        await page.GetByTestId("analyze").ClickAsync();
        var unchosen = await page.Locator("#error-event-value").InnerTextAsync();
        var emptyCell = await page.Locator("#error-event-column").InnerTextAsync();
        await page.GetByTestId("event-value").SelectOptionAsync("dead");
        var preview = await page.Locator("#event-coding").InnerTextAsync();
        await Screenshots.TakeAsync(page, "event_words");

        // Assert: nothing was sent; the question, the counts and the line of the empty cell are shown.
        Assert.Contains("Choose which value", unchosen);
        Assert.Contains("line 5", emptyCell);
        Assert.Contains("With “dead” as the event: 2 events, 2 censored", preview);
        Assert.False(await page.Locator("#results").IsVisibleAsync());
    }

    [Fact]
    public async Task An_empty_file_is_named_as_empty_not_as_missing()
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(await FileWith("empty.csv", ""));

        // Act
        await page.GetByTestId("analyze").ClickAsync();

        // Assert
        var error = await page.Locator("#error-data").InnerTextAsync();
        Assert.StartsWith("empty.csv is empty (0 bytes)", error);
        Assert.DoesNotContain("Choose a file, paste", error);
    }

    [Fact]
    public async Task Text_in_the_time_column_is_reported_at_its_line_by_the_service()
    {
        // Arrange: line 4 of the file holds a word where a time belongs.
        var file = Path.Combine(Directory.CreateTempSubdirectory("survival-browser-").FullName, "bad.csv");
        await File.WriteAllTextAsync(file, "patient,months,died\nA,9,1\nB,51,0\nC,fourteen,1\nD,8,0\n");
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(file);
        await page.GetByTestId("time-column").SelectOptionAsync("months");
        await page.GetByTestId("event-column").SelectOptionAsync("died");

        // Act
        await AnalyzeAsync(page);
        await Screenshots.TakeAsync(page, "bad_time");

        // Assert: the service's own rule (InputRules.TimeRequirement), placed under the time column's selector.
        var error = page.Locator("#error-time-column");
        Assert.True(await error.IsVisibleAsync());
        var text = await error.InnerTextAsync();
        Assert.Contains("Line 4 of the file", text);
        Assert.Contains("“fourteen”", text);
        Assert.Contains("must be a finite number", text);
        Assert.Equal("true", await page.GetByTestId("time-column").GetAttributeAsync("aria-invalid"));
        Assert.False(await page.Locator("#results").IsVisibleAsync());
    }
}
