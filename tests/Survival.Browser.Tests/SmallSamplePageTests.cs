namespace Survival.Browser.Tests;

/// <summary>
/// The seven patients on the page with the small-sample methods: the beta-product interval and a simultaneous band,
/// the exact log-rank test, and the R code that gives the same numbers (km.ci, bpcp, coin).
/// </summary>
[Collection(BrowserCollection.Name)]
public class SmallSamplePageTests(BrowserFixture browser)
{
    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    private static async Task AnalyzeAsync(Microsoft.Playwright.IPage page)
    {
        await page.GetByTestId("analyze").ClickAsync();
        await page.Locator("#results:not([hidden]), #errors:not([hidden])").First.WaitForAsync();
    }

    [Fact]
    public async Task Beta_product_median_and_a_Hall_Wellner_band_with_their_R_code()
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(Example("seven_patient_cohort_illustrative.csv"));
        await page.GetByTestId("time-column").SelectOptionAsync("os_months");
        await page.GetByTestId("event-column").SelectOptionAsync("os_event");
        await page.Locator("#options > summary").ClickAsync();
        await page.GetByLabel("Confidence interval type").SelectOptionAsync("CONFIDENCE_TYPE_BETA_PRODUCT");
        await page.GetByLabel("Simultaneous band (covers the whole curve over a range)").SelectOptionAsync("BAND_METHOD_HALL_WELLNER");

        // Act
        await AnalyzeAsync(page);
        await Screenshots.TakeAsync(page, "seven_patients_beta_product_band");

        // Assert: the median 14 months, its interval read off the beta-product curves: 9 to not reached
        // (tests/fixtures-small-sample/intervals-seven_os.json); the band over the deaths, 9 to 14 months.
        var cells = await page.GetByTestId("summary").Locator("tbody tr").Locator("th, td").AllInnerTextsAsync();
        Assert.Equal(["all", "7", "2", "14 (9 to not reached)"], cells);
        var bands = await page.GetByTestId("bands").InnerTextAsync();
        Assert.Contains("Hall–Wellner, log-log scale, from 9 to 14", bands);
        var code = await page.Locator("#r-code").InputValueAsync();
        Assert.Contains("bpcp(d$time, d$status, nmc = 0, alpha = 0.05)", code);
        Assert.Contains("method = \"loghall\"", code);
    }

    [Fact]
    public async Task The_exact_log_rank_p_of_OS_against_PFS_equals_coin()
    {
        // Arrange: the seven patients' OS and PFS as two samples of seven.
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(Example("seven_patient_os_pfs_long_illustrative.csv"));
        await page.GetByTestId("time-column").SelectOptionAsync("months");
        await page.GetByTestId("event-column").SelectOptionAsync("event");
        await page.GetByTestId("group-column").SelectOptionAsync("endpoint");
        await page.Locator("#options > summary").ClickAsync();
        await page.GetByLabel("p-values of the tests").SelectOptionAsync("TEST_DISTRIBUTION_EXACT");

        // Act
        await AnalyzeAsync(page);
        await Screenshots.TakeAsync(page, "seven_patients_exact_log_rank");

        // Assert: coin's pvalue(logrank_test(Surv(months, event) ~ endpoint, distribution = "exact")) = 0.3135
        // (tests/fixtures-small-sample/exact-seven_os_vs_pfs.json).
        var test = await page.Locator("#comparison table").First.Locator("tbody tr").First.InnerTextAsync();
        Assert.Contains("0.314", test);
        Assert.Contains("exact permutation distribution", test);
        Assert.Contains("distribution = \"exact\", type = \"logrank\"", await page.Locator("#r-code").InputValueAsync());
    }

    [Fact]
    public async Task An_exact_test_of_three_groups_is_marked_at_the_choice_of_p_values()
    {
        var page = await browser.OpenAsync();
        var csv = "time,event,arm\n5,1,a\n8,0,a\n3,1,b\n9,1,b\n4,1,c\n7,0,c\n";
        await page.Locator("#paste-box > summary").ClickAsync();
        await page.Locator("#paste").FillAsync(csv);
        await page.Locator("#use-paste").ClickAsync();
        await page.GetByTestId("group-column").SelectOptionAsync("arm");
        await page.Locator("#options > summary").ClickAsync();
        await page.GetByLabel("p-values of the tests").SelectOptionAsync("TEST_DISTRIBUTION_EXACT");

        await AnalyzeAsync(page);

        Assert.Contains("Monte Carlo", await page.Locator("#error-distribution").InnerTextAsync());
    }
    [Fact]
    public async Task The_next_study_planned_with_the_seven_patients_median_as_control_equals_rpact()
    {
        // Arrange: the example's OS (Kaplan–Meier median 14 months) as the control; hazard ratio 14/21, two-sided 0.05.
        var page = await browser.OpenAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Load the illustrative example" }).ClickAsync();
        await page.GetByLabel("Hazard ratio to detect (treatment over control)").FillAsync("0.666666666666667");
        await page.GetByLabel("α (empty: 0.025 one-sided for two arms, 0.05 for one arm)").FillAsync("0.05");
        await page.GetByLabel("Sides").SelectOptionAsync("2");

        // Act
        await page.GetByTestId("plan").ClickAsync();
        await page.GetByTestId("plan-table").WaitForAsync();
        await Screenshots.TakeAsync(page, "seven_patients_plan");

        // Assert: rpact getSampleSizeSurvival(median1 = 21, median2 = 14, accrualTime = c(0, 24), followUpTime = 12,
        // sided = 2, alpha = 0.05, beta = 0.2): 190.968 events, 315.076 patients
        // (tests/fixtures-small-sample/design-rpact-sample-size.json, case seven_patients_median_14).
        var plan = await page.GetByTestId("plan-table").InnerTextAsync();
        Assert.Contains("7 patients, 2 events, Kaplan–Meier median 14 months", plan);
        Assert.Contains("191 (190.968)", plan);
        Assert.Contains("(315.076)", plan);
        var code = await page.Locator("#plan-r-code").InputValueAsync();
        Assert.Contains("library(rpact)", code);
        Assert.Contains("getSampleSizeSurvival(", code);
    }

    [Fact]
    public async Task A_hazard_ratio_of_one_is_marked_at_its_control()
    {
        var page = await browser.OpenAsync();
        await page.GetByLabel("Control's survival").SelectOptionAsync("median");
        await page.GetByLabel("Control median (same unit as the times)").FillAsync("14");
        await page.GetByLabel("Hazard ratio to detect (treatment over control)").FillAsync("1");

        await page.GetByTestId("plan").ClickAsync();
        await page.Locator("#error-plan-hazard-ratio:not([hidden])").WaitForAsync();

        Assert.Contains("hazard ratio of 1", await page.Locator("#error-plan-hazard-ratio").InnerTextAsync());
    }
}
