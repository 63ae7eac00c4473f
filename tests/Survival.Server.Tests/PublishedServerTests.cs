using System.Diagnostics;
using Survival.Server.Tests.Operations;
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
    public async Task Published_server_started_from_the_root_directory_serves_grpc_on_the_configured_endpoint()
    {
        // Arrange: started from `/`, as an operator's `dotnet /opt/survival/Survival.Server.dll` is; only the
        // application's own folder holds appsettings.json, whose endpoint says the gRPC port speaks HTTP/2.
        var output = Directory.CreateTempSubdirectory("survival-publish-").FullName;
        Run("bash", $"tools/publish.sh {output}");
        try
        {
            using var published = await ServerProcess.StartAsync(serverDll: Path.Combine(output, "Survival.Server.dll"), workingDirectory: "/");
            var cohort = Cohorts.Of((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false));
            var client = new SurvivalAnalysis.SurvivalAnalysisClient(published.Channel);

            // Act
            var response = await client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort });
            var plotRequest = new RenderSurvivalPlotRequest { Cohort = cohort, Plot = new PlotOptions { Title = "OS" } };
            var plot = await client.RenderSurvivalPlotAsync(plotRequest);
            var inProcess = await server.Client.RenderSurvivalPlotAsync(plotRequest);
            using var http = new HttpClient { BaseAddress = published.HttpAddress };
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
            Directory.Delete(output, recursive: true);
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

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Survival.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Survival.sln not found above the test output");
    }
}
