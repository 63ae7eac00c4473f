using Microsoft.Playwright;

namespace Survival.Browser.Tests;

/// <summary>"Compare with a published curve" in a real browser: the example curve rebuilt, then the seven patients compared with it.</summary>
[Collection(BrowserCollection.Name)]
public class PublishedCurveTests(BrowserFixture browser)
{
    private static async Task RebuildExampleAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Load an example curve" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('published-points').value.length > 0");
        await page.GetByTestId("published-rebuild").ClickAsync();
        await page.Locator("#published-results:not([hidden]), #published-errors:not([hidden])").First.WaitForAsync();
    }

    [Fact]
    public async Task The_example_curve_is_rebuilt_and_the_seven_patients_are_compared_with_it()
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Load the illustrative example" }).ClickAsync();
        await page.GetByTestId("analyze").ClickAsync();
        await page.Locator("#results:not([hidden])").WaitForAsync();

        // Act
        await RebuildExampleAsync(page);
        await page.GetByTestId("published-compare").ClickAsync();
        await page.Locator("#published-comparison:not([hidden]), #published-errors:not([hidden])").First.WaitForAsync();
        await Screenshots.TakeAsync(page, "published_curve");

        // Assert: the rebuild matches the example's table (228 at 0, 65 at 12), and O/E = 2/7.45 = 0.269 (0.0325 to 0.970),
        // as R's poisson.test on the same rebuilt patients (tests/fixtures-literature/rebuilt).
        var quality = await page.Locator("#published-quality").InnerTextAsync();
        Assert.Contains("228 patients rebuilt, 165 events (published 165)", quality);
        Assert.Contains("12\t65\t65", quality);
        var tests = await page.Locator("#published-tests").InnerTextAsync();
        Assert.Contains("0.269 (0.0325 to 0.97)", tests);
        Assert.Contains("Hazard ratio, cohort vs Example published curve", tests);
        Assert.True(await page.Locator("#published-comparison-plot img").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
    }

    [Fact]
    public async Task A_survival_above_one_is_marked_on_its_line()
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.Locator("#published-points").FillAsync("time,survival\n0,1\n3,0.8\n6,80\n9,0.5");
        await page.Locator("#published-subjects").FillAsync("20");

        // Act
        await page.GetByTestId("published-rebuild").ClickAsync();
        await page.Locator("#published-errors:not([hidden])").WaitForAsync();

        // Assert: the third point is line 4 of the box (after the header).
        var error = await page.Locator("#error-published-points").InnerTextAsync();
        Assert.Contains("Line 4: must be a proportion in [0, 1]", error);
        Assert.Equal("true", await page.Locator("#published-points").GetAttributeAsync("aria-invalid"));
    }
}
