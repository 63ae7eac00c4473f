namespace Survival.Browser.Tests;

/// <summary>With authentication on, the page reaches the JSON API with the access token the researcher gives, and only then.</summary>
[Collection(AuthenticatedBrowserCollection.Name)]
public class AuthenticatedPageTests(AuthenticatedBrowserFixture browser)
{
    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_page_analyzes_only_with_the_access_token(bool withToken)
    {
        // Arrange
        var page = await browser.OpenAsync();
        await page.GetByTestId("file").SetInputFilesAsync(Example("seven_patient_cohort_illustrative.csv"));
        await page.GetByTestId("time-column").SelectOptionAsync("os_months");
        await page.GetByTestId("event-column").SelectOptionAsync("os_event");
        if (withToken)
        {
            // The token is among the options, folded away until opened, as a researcher opens them.
            await page.Locator("#options > summary").ClickAsync();
            await page.Locator("#token").FillAsync(AuthenticatedBrowserFixture.ApiKey);
        }

        // Act
        await page.GetByTestId("analyze").ClickAsync();
        await page.Locator("#results:not([hidden]), #errors:not([hidden])").First.WaitForAsync();

        // Assert: with the key, R's median OS 14 (95% CI 14 to not reached); without it, an error and no results.
        if (withToken)
        {
            var cells = await page.GetByTestId("summary").Locator("tbody tr").Locator("th, td").AllInnerTextsAsync();
            Assert.Equal(["all", "7", "2", "14 (14 to not reached)"], cells);
        }
        else
        {
            Assert.True(await page.Locator("#errors").IsVisibleAsync());
            Assert.False(await page.Locator("#results").IsVisibleAsync());
        }
    }
}
