using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Survival.Server.Tests;

/// <summary>The researchers' page and Swagger UI, served from the assembly with nothing fetched from elsewhere.</summary>
public class WebPageTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly HttpClient _http;

    public WebPageTests(WebApplicationFactory<Program> factory) => _http = factory.CreateClient();

    [Fact]
    public async Task Root_serves_the_page_with_its_test_hooks_and_a_same_origin_policy()
    {
        // Act
        var response = await _http.GetAsync("/");

        // Assert
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        foreach (var hook in new[] { "file", "time-column", "event-column", "group-column", "analyze", "plot", "summary" })
            Assert.Contains($"data-testid=\"{hook}\"", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("connect-src 'self'", policy);
    }

    [Fact]
    public async Task The_illustrative_example_is_served_as_the_repository_has_it()
    {
        // Act
        var csv = await _http.GetStringAsync("/examples/seven_patient_cohort_illustrative.csv");

        // Assert
        Assert.StartsWith("patient,os_months,os_event,pfs_months,pfs_event", csv);
        Assert.Equal(8, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Swagger_UI_is_served_at_docs_from_embedded_files()
    {
        // Act
        var html = await _http.GetStringAsync("/docs/index.html");
        var bundle = await _http.GetAsync("/docs/swagger-ui-bundle.js");

        // Assert
        Assert.Contains("swagger-ui-bundle.js", html);
        Assert.DoesNotContain("https://", html);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
    }
}
