using Microsoft.Playwright;

namespace Survival.Browser.Tests;

/// <summary>The page with interval-censored follow-up: the breast cosmesis file gives Turnbull's medians, the tests and the plot.</summary>
[Collection(BrowserCollection.Name)]
public class IntervalPageTests(BrowserFixture browser)
{
    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    [Fact]
    public async Task Breast_cosmesis_gives_Turnbulls_medians_and_the_interval_censored_tests()
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(Example("breast_cosmesis.csv"));
        await page.GetByTestId("mode-interval").CheckAsync();
        await page.GetByTestId("left-column").SelectOptionAsync("left");
        await page.GetByTestId("right-column").SelectOptionAsync("right");
        await page.GetByTestId("group-column").SelectOptionAsync("treatment");

        // Act
        await page.GetByTestId("analyze").ClickAsync();
        await page.Locator("#results:not([hidden]), #errors:not([hidden])").First.WaitForAsync();
        await Screenshots.TakeAsync(page, "interval_breast_cosmesis");

        // Assert: Turnbull's Rad median is not identified within (38, 40]; Sun's permutation test p = 0.0075 (Fay & Shaw: about 0.007).
        Assert.False(await page.Locator("#event-field").IsVisibleAsync());
        var summary = await page.GetByTestId("summary").InnerTextAsync();
        Assert.Contains("not identified: in (38, 40]", summary);
        var comparison = await page.Locator("#comparison").InnerTextAsync();
        Assert.Contains("Sun's log-rank (1996)", comparison);
        Assert.Contains("0.00753", comparison);
        Assert.Contains("right end", comparison);
        var plot = page.GetByTestId("plot").Locator("img");
        Assert.True(await plot.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        Assert.Contains("type = \"interval2\"", await page.Locator("#r-code").InputValueAsync());
    }

    [Fact]
    public async Task Breast_cosmesis_fits_a_Weibull_over_Turnbulls_curve()
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(Example("breast_cosmesis.csv"));
        await page.GetByTestId("mode-interval").CheckAsync();
        await page.GetByTestId("left-column").SelectOptionAsync("left");
        await page.GetByTestId("right-column").SelectOptionAsync("right");
        await page.GetByTestId("group-column").SelectOptionAsync("treatment");
        await page.GetByTestId("analyze").ClickAsync();
        await page.Locator("#results:not([hidden])").WaitForAsync();
        await page.Locator("input[name=distribution][value=DISTRIBUTION_WEIBULL]").CheckAsync();
        await page.Locator("#fit-times").FillAsync("24");

        // Act
        await page.GetByTestId("fit-parametric").ClickAsync();
        await page.GetByTestId("fits").WaitForAsync();
        await Screenshots.TakeAsync(page, "interval_breast_cosmesis_weibull");

        // Assert: R survreg(Surv(lo, right, type = "interval2") ~ treatment, dist = "weibull"), lo = NA where left = 0:
        // AIC 293.337, median 39.33377 (Rad).
        var first = await page.GetByTestId("fits").Locator("tbody tr").First.Locator("th, td").AllInnerTextsAsync();
        Assert.Equal("Weibull", first[0]);
        Assert.Equal("293.3", first[2]);
        Assert.StartsWith("39.3 (", first[4]);
        Assert.Contains("Turnbull", await page.GetByTestId("fit-plot").Locator("img").GetAttributeAsync("alt") ?? "");
        Assert.Contains("survreg(Surv(lo, right, type = \"interval2\") ~ group", await page.Locator("#fit-r-code").InputValueAsync());
    }

    [Fact]
    public async Task A_right_end_before_the_left_is_marked_at_its_line()
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.Locator("#paste-box > summary").ClickAsync();
        await page.Locator("#paste").FillAsync("left,right\n2,5\n7,4\n3,\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use the pasted table" }).ClickAsync();
        await page.GetByTestId("mode-interval").CheckAsync();
        await page.GetByTestId("left-column").SelectOptionAsync("left");
        await page.GetByTestId("right-column").SelectOptionAsync("right");

        // Act
        await page.GetByTestId("analyze").ClickAsync();
        await page.Locator("#errors:not([hidden])").WaitForAsync();

        // Assert
        Assert.Contains("Line 3", await page.Locator("#error-right-column").InnerTextAsync());
    }
}
