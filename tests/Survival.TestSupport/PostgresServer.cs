using System.Diagnostics;
using Xunit;

namespace Survival.TestSupport;

/// <summary>
/// A real PostgreSQL server: the one .ci/run started (its connection string in SURVIVAL_TEST_POSTGRES), or, outside CI,
/// a throwaway cluster this fixture starts itself with tools/postgres/throwaway.sh and stops afterwards. In CI a missing
/// variable fails the tests, so that a broken .ci/run is noticed rather than hidden.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Variable = "SURVIVAL_TEST_POSTGRES";

    private string? _clusterDirectory;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            ConnectionString = given;
            return;
        }
        if (Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException($"{Variable} is not set: .ci/run must start PostgreSQL (tools/postgres/throwaway.sh) before the tests");
        _clusterDirectory = Path.Combine(Path.GetTempPath(), $"survival-pg-{Guid.NewGuid():N}");
        ConnectionString = (await ThrowawayAsync("start")).Trim();
    }

    public async Task DisposeAsync()
    {
        if (_clusterDirectory is not null) await ThrowawayAsync("stop");
    }

    private async Task<string> ThrowawayAsync(string command)
    {
        var script = Path.Combine(RepositoryRoot(), "tools", "postgres", "throwaway.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, _clusterDirectory!]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"throwaway.sh {command} exited {process.ExitCode}");
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Survival.sln"))) return directory.FullName;
        throw new InvalidOperationException("the tests run outside the repository");
    }
}
