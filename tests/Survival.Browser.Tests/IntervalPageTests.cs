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
