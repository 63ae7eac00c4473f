using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Survival.Server.Tests;

/// <summary>The HTTP/JSON API: the same RPCs through gRPC JSON transcoding.</summary>
public class JsonTranscodingTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly HttpClient _http;

    public JsonTranscodingTests(WebApplicationFactory<Program> factory) => _http = factory.CreateClient();

    private static object SevenPatients(double firstTime = 9) => new
    {
        cohort = new
        {
            timeUnit = "months",
            subjects = new object[]
            {
                new { id = "A", time = firstTime, @event = true }, new { id = "B", time = 51 }, new { id = "C", time = 14, @event = true },
                new { id = "D", time = 8 }, new { id = "E", time = 11 }, new { id = "F", time = 13 }, new { id = "G", time = 10 },
            },
        },
    };

    [Fact]
    public async Task Estimate_returns_the_median_as_json()
    {
        // Act
        var response = await _http.PostAsJsonAsync("/v1/survival:estimate", SevenPatients());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var median = body.RootElement.GetProperty("groups")[0].GetProperty("median");
        Assert.Equal(14, median.GetProperty("time").GetDouble());
        Assert.False(median.TryGetProperty("upper", out _));
    }

    [Fact]
    public async Task Bad_input_is_400_with_the_field_violation()
    {
        // Act
        var response = await _http.PostAsJsonAsync("/v1/survival:estimate", SevenPatients(firstTime: -1));

        // Assert
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var body = JsonDocument.Parse(text);
        Assert.Equal(3, body.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("cohort.subjects[0].time", text);
    }

    [Theory]
    [InlineData("""{"cohort": {"subjects": [{"time": "abc", "event": true}]}}""", "cohort.subjects[0].time", "must be a number, not the text \"abc\"")]
    [InlineData("""{"cohort": {"subjects": [{"time": 3, "event": "yes"}]}}""", "cohort.subjects[0].event", "must be true or false, not the text \"yes\"")]
    [InlineData("""{"cohort": {"subjects": [{"time": 3}]}, "options": {"landmarkTimes": 12}}""", "options.landmark_times", "must be a list [...], not the number 12")]
    [InlineData("""{"cohort": {"subjects": [{"time": 3}]}, "options": {"quantiles": [0.5, "half"]}}""", "options.quantiles[1]", "must be a number, not the text \"half\"")]
    [InlineData("""{"cohort": {"counts": [{"time": 3, "events": 1.5}]}}""", "cohort.counts[0].events", "must be a whole number, not the number 1.5")]
    [InlineData("""{"cohort": {"subjects": [{"time": 3}]}, "options": {"confType": "LOGX"}}""", "options.conf_type", "must be one of CONFIDENCE_TYPE_UNSPECIFIED")]
    public async Task A_value_of_the_wrong_type_is_400_naming_its_field(string json, string field, string description)
    {
        // Act
        var response = await _http.PostAsync("/v1/survival:estimate", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        // Assert: the same google.rpc.BadRequest as every other bad input, the field as the service names fields.
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var body = JsonDocument.Parse(text);
        Assert.Equal(3, body.RootElement.GetProperty("code").GetInt32());
        var violation = body.RootElement.GetProperty("details")[0].GetProperty("fieldViolations")[0];
        Assert.Equal(field, violation.GetProperty("field").GetString());
        Assert.StartsWith(description, violation.GetProperty("description").GetString());
        Assert.StartsWith(field, body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        // Act
        var response = await _http.PostAsync("/v1/survival:estimate", new StringContent("{\"cohort\": [", System.Text.Encoding.UTF8, "application/json"));

        // Assert: a message saying where the JSON breaks off, and no field.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("the body is not valid JSON", body.RootElement.GetProperty("message").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("details").GetArrayLength());
    }

    [Fact]
    public async Task OpenApi_document_describes_every_route_and_resolves_every_reference()
    {
        // Act
        var text = await _http.GetStringAsync("/openapi/v1.json");

        // Assert
        using var document = JsonDocument.Parse(text);
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (route, rpc) in new[] { ("estimate", "EstimateSurvival"), ("compare", "CompareGroups"), ("plot", "RenderSurvivalPlot"), ("analyze", "AnalyzeCohort") })
            Assert.Equal(rpc, paths.GetProperty($"/v1/survival:{route}").GetProperty("post").GetProperty("operationId").GetString());
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var references = System.Text.RegularExpressions.Regex.Matches(text, "\"#/components/schemas/([^\"]+)\"");
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(schemas.TryGetProperty(r.Groups[1].Value, out _), r.Value));
        var subject = schemas.GetProperty("Subject").GetProperty("properties");
        Assert.Equal("number", subject.GetProperty("time").GetProperty("type").GetString());
        Assert.True(subject.TryGetProperty("startDate", out _));
        var image = schemas.GetProperty("RenderSurvivalPlotResponse").GetProperty("properties").GetProperty("image");
        Assert.Equal("byte", image.GetProperty("format").GetString());
    }
}
