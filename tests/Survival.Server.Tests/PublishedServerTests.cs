using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// The server as the container runs it: published by tools/publish.sh (the Dockerfile's own build step), started as a
/// separate process on the configured Kestrel endpoints, and called over real HTTP/2.
/// </summary>
[Collection(ServerCollection.Name)]
public class PublishedServerTests(ServerFixture server)
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public void Dockerfile_publishes_with_the_tested_script_and_runs_unprivileged()
    {
        // Arrange
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot, "Dockerfile"));

        // Act
        var publish = lines.Where(l => l.StartsWith("RUN ", StringComparison.Ordinal) && l.Contains("tools/publish.sh"));
        var user = lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));

        // Assert
        Assert.Single(publish);
        Assert.DoesNotContain("root", user);
        Assert.Contains(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal) && l.Contains(" AS runtime"));
        Assert.Contains(lines, l => l.StartsWith("EXPOSE ", StringComparison.Ordinal) && l.Contains("5000"));
    }

    [Fact]
    public async Task Published_server_serves_grpc_on_the_configured_endpoint()
    {
        // Arrange
        var output = Directory.CreateTempSubdirectory("survival-publish-").FullName;
        Run("bash", $"tools/publish.sh {output}");
        var (grpcPort, httpPort) = (FreePort(), FreePort());
        using var published = Process.Start(new ProcessStartInfo("dotnet", Path.Combine(output, "Survival.Server.dll"))
        {
            WorkingDirectory = output,
            Environment =
            {
                ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}",
                ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}",
                // As in a minimal container: no system font configuration to fall back on.
                ["FONTCONFIG_FILE"] = "/dev/null",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;

        try
        {
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
            await WaitUntilServingAsync(channel);
            var cohort = Cohorts.Of((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false));
            var client = new SurvivalAnalysis.SurvivalAnalysisClient(channel);

            // Act
            var response = await client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort });
            var plotRequest = new RenderSurvivalPlotRequest { Cohort = cohort, Plot = new PlotOptions { Title = "OS" } };
            var plot = await client.RenderSurvivalPlotAsync(plotRequest);
            var inProcess = await server.Client.RenderSurvivalPlotAsync(plotRequest);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            var page = await http.GetStringAsync("/");
            var openApi = await http.GetStringAsync("/openapi/v1.json");

            // Assert: the illustrative cohort's median OS, R quantile(survfit(...), 0.5) = 14; and the bundled font
            // renders the same bytes without system fonts as in this process.
            Assert.Equal(14, response.Groups.Single().Median.Time);
            Assert.Equal("image/png", plot.ContentType);
            Assert.Equal(inProcess.Image, plot.Image);
            // The page and the API documentation, with the proto's comments, ship inside the published output.
            Assert.Contains("data-testid=\"analyze\"", page);
            Assert.Contains("The caller's identifier", openApi);
        }
        finally
        {
            published.Kill(entireProcessTree: true);
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task WaitUntilServingAsync(GrpcChannel channel)
    {
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest());
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
            }
            await Task.Delay(250);
        }
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed:\n{output.Result}\n{error.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Survival.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Survival.sln not found above the test output");
    }
}
