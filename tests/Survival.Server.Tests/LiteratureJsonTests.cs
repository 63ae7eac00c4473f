using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Survival.Server.Tests;

/// <summary>The literature RPCs through the HTTP/JSON API, as the web page calls them.</summary>
public class LiteratureJsonTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Reconstruct_then_compare_external_with_the_rebuilt_patients()
    {
        // Arrange: ten patients read off a figure, half dying by 8 months, with the table at 0, 4 and 8.
        var arm = new
        {
            label = "Published",
            points = new object[] { new { time = 2, survival = 1 }, new { time = 2, survival = 0.8 }, new { time = 6, survival = 0.8 }, new { time = 6, survival = 0.5 }, new { time = 12, survival = 0.5 } },
            atRisk = new object[] { new { time = 0, atRisk = 10 }, new { time = 4, atRisk = 8 }, new { time = 8, atRisk = 4 } },
        };

        // Act
        var rebuilt = await _http.PostAsJsonAsync("/v1/survival:reconstruct", new { arms = new[] { arm }, timeUnit = "months" });
        using var rebuiltBody = JsonDocument.Parse(await rebuilt.Content.ReadAsStringAsync());
        var cohort = rebuiltBody.RootElement.GetProperty("cohort");
        var external = await _http.PostAsJsonAsync("/v1/survival:compare-external", new
        {
            cohort = new { subjects = new object[] { new { time = 9, @event = true }, new { time = 20 }, new { time = 14, @event = true } } },
            reference = new { label = "Published", cohort = JsonSerializer.Deserialize<object>(cohort.GetRawText()) },
        });

        // Assert
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        Assert.Equal(10, cohort.GetProperty("subjects").GetArrayLength());
        Assert.Equal(8, rebuiltBody.RootElement.GetProperty("arms")[0].GetProperty("atRisk")[1].GetProperty("rebuilt").GetInt32());
        var text = await external.Content.ReadAsStringAsync();
        Assert.True(external.StatusCode == HttpStatusCode.OK, text);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("2", body.RootElement.GetProperty("tests")[0].GetProperty("observed").GetRawText().Trim('"'));
        Assert.Equal("Published", body.RootElement.GetProperty("comparison").GetProperty("cox").GetProperty("referenceGroup").GetString());
    }

    [Fact]
    public async Task A_study_without_a_standard_error_is_400_naming_it()
    {
        // Act
        var response = await _http.PostAsJsonAsync("/v1/survival:pool", new
        {
            studies = new object[] { new { label = "a", logEstimate = -0.2, stdError = 0.1 }, new { label = "b", logEstimate = 0.3 } },
        });

        // Assert
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("studies[1].std_error", text);
    }
}
