using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Survival.Server.Tests.Operations;

/// <summary>
/// HTTP/JSON bodies admitted before the transcoder reads them, against a real server: 413 for a body over the limit
/// (from its length, or as it arrives without one), 429 for one that could never fit the memory budget, 408 for one
/// that arrives too slowly, 400 for a string over its limit; and a normal body answered. The client waits for
/// <c>100 Continue</c> before sending a body, as curl does.
/// </summary>
public class JsonAdmissionTests
{
    private const string Route = "/v1/survival:estimate";

    [Fact]
    public async Task Bodies_are_refused_by_size_and_by_pace_before_they_are_parsed()
    {
        // Arrange: a 1 MiB limit and a 1-second rate window.
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Survival__MaxReceiveMessageBytes"] = "1048576",
            ["Survival__Admission__RateWindowSeconds"] = "1",
        });
        using var http = Client(server);

        // Act: 2 MB with its length, 2 MB chunked (no length: refused as it passes the limit), a body that stops coming.
        var declared = await PostAsync(http, new ByteArrayContent(Cohort(2_000_000)));
        var chunked = await PostAsync(http, new StreamContent(new MemoryStream(Cohort(2_000_000))));
        var slow = await StalledAsync(server);
        var normal = await PostAsync(http, new ByteArrayContent(Cohort(300)));

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.Status);
        Assert.Contains("Survival:MaxReceiveMessageBytes", declared.Message);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.Status);
        Assert.Equal(HttpStatusCode.RequestTimeout, slow.Status);
        Assert.Contains("Survival:Admission:MinBytesPerSecond", slow.Message);
        Assert.Equal(HttpStatusCode.OK, normal.Status);
        Assert.Equal(0, await AdmissionTests.InUseAsync(server, until: bytes => bytes == 0));
    }

    [Fact]
    public async Task A_body_that_could_never_fit_the_budget_is_refused_from_its_length()
    {
        // Arrange: a 4 MiB budget; a JSON byte holds 17.
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Survival__MemoryBudgetMiB"] = "4" });
        using var http = Client(server);

        // Act
        var neverFits = await PostAsync(http, new ByteArrayContent(Cohort(300_000)));
        var fits = await PostAsync(http, new ByteArrayContent(Cohort(50_000)));

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, neverFits.Status);
        Assert.Contains("more than the server's whole memory budget of 4 MiB: reduce the size of the JSON body", neverFits.Message);
        Assert.Equal(HttpStatusCode.OK, fits.Status);
    }

    [Fact]
    public async Task A_string_over_its_limit_is_400_naming_the_field()
    {
        // Arrange
        using var server = await ServerProcess.StartAsync();
        using var http = Client(server);
        var body = "{\"cohort\": {\"timeUnit\": \"" + new string('d', 1001) + "\", \"subjects\": [{\"time\": 9, \"event\": true}, {\"time\": 13}]}}";

        // Act
        var outcome = await PostAsync(http, new StringContent(body, Encoding.UTF8));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, outcome.Status);
        Assert.Contains("cohort.time_unit must be at most 1000 characters long, not 1001", outcome.Message);
    }

    /// <summary>
    /// A request whose body says 1,000 bytes and brings 10, read over a bare socket: HttpClient would read the answer
    /// only once it had sent the whole body.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Message)> StalledAsync(ServerProcess server)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.HttpAddress.Host, server.HttpAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {Route} HTTP/1.1\r\nHost: {server.HttpAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"cohort\":"));
        using var reader = new StreamReader(stream);
        var status = (HttpStatusCode)int.Parse((await reader.ReadLineAsync())!.Split(' ')[1]);
        var answer = await reader.ReadToEndAsync();
        // The answer's body is chunked: the JSON is between its first and last brace.
        return (status, JsonDocument.Parse(answer[answer.IndexOf('{')..(answer.LastIndexOf('}') + 1)]).RootElement.GetProperty("message").GetString()!);
    }

    private static HttpClient Client(ServerProcess server) =>
        new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(10) }) { BaseAddress = server.HttpAddress };

    private static async Task<(HttpStatusCode Status, string Message)> PostAsync(HttpClient http, HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = content, Headers = { ExpectContinue = true } };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var message = response.IsSuccessStatusCode ? "" : JsonDocument.Parse(text).RootElement.GetProperty("message").GetString()!;
        return (response.StatusCode, message);
    }

    /// <summary>The JSON of a cohort of subjects, about <paramref name="bytes"/> long.</summary>
    private static byte[] Cohort(int bytes)
    {
        var json = new StringBuilder("{\"cohort\":{\"subjects\":[");
        for (var i = 0; json.Length < bytes; i++) json.Append(i > 0 ? "," : "").Append("{\"time\":").Append(i % 365 + 1).Append(",\"event\":true}");
        return Encoding.UTF8.GetBytes(json.Append("]}}").ToString());
    }
}
