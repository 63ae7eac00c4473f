using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Survival.Cli.Tests;

/// <summary>The dotnet tool as the README packs it: one small package for this platform, with no native debug symbols.</summary>
public class ToolPackageTests
{
    /// <summary>The linux-x64 package is 35 MB (DuckDB's native library is most of it); the portable one was 301 MB.</summary>
    private const long MostBytes = 50L * 1024 * 1024;

    [Fact]
    public async Task The_package_for_this_platform_is_small_and_carries_no_native_debug_symbols()
    {
        // Arrange: README's `dotnet pack`, for this machine's platform only, building in a folder of its own so that it
        // shares no obj/ or bin/ with the builds other tests run at the same time (tools/publish.sh).
        var rid = RuntimeInformation.RuntimeIdentifier;
        var output = Directory.CreateTempSubdirectory("survival-pack-").FullName;
        var artifacts = Directory.CreateTempSubdirectory("survival-pack-build-").FullName;

        // Act
        var (exitCode, log) = await RunAsync("dotnet", "pack", "src/Survival.Cli", "-c", "Release", "-o", output, "--artifacts-path", artifacts,
            "--nologo", "-v", "q", $"-p:ToolPackageRuntimeIdentifiers={rid}");

        // Assert: the small package that points to the platforms' packages, and this platform's.
        Assert.True(exitCode == 0, log);
        Assert.True(File.Exists(Path.Combine(output, "Survival.Cli.1.0.0.nupkg")), log);
        var package = new FileInfo(Path.Combine(output, $"Survival.Cli.{rid}.1.0.0.nupkg"));
        Assert.True(package.Exists, log);
        Assert.True(package.Length < MostBytes, $"{package.Name} is {package.Length / (1024 * 1024)} MB");
        using var archive = ZipFile.OpenRead(package.FullName);
        var ours = new[] { "survival.pdb", "Survival." };
        Assert.DoesNotContain(archive.Entries, e => e.Name.EndsWith(".pdb", StringComparison.Ordinal) && !ours.Any(e.Name.StartsWith));
        Assert.Contains(archive.Entries, e => e.Name.Contains("duckdb", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Survival.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Survival.sln not found above the test output");
    }
}
