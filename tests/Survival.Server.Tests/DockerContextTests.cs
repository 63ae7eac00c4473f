using System.Text.RegularExpressions;

namespace Survival.Server.Tests;

/// <summary>
/// The Docker build context, as .dockerignore leaves it: everything tools/publish.sh needs to build the server, and
/// none of what a working copy gathers (tests, benchmarks, a packed nupkg/, build output).
/// </summary>
public class DockerContextTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Theory]
    [InlineData("src/Survival.Server/Survival.Server.csproj", true)]
    [InlineData("src/Survival.Plotting/Fonts/DejaVuSans.ttf", true)]
    [InlineData("protos/survival/v1/survival.proto", true)]
    [InlineData("tools/publish.sh", true)]
    [InlineData("examples/seven_patient_cohort_illustrative.csv", true)]
    [InlineData("Directory.Packages.props", true)]
    [InlineData("Directory.Build.targets", true)]
    [InlineData("global.json", true)]
    [InlineData("nupkg/Survival.Cli.linux-x64.1.0.0.nupkg", false)]
    [InlineData("src/Survival.Cli/bin/Release/net10.0/survival.dll", false)]
    [InlineData("src/Survival.Core/obj/project.assets.json", false)]
    [InlineData("tests/fixtures/r-reference/lung.json", false)]
    [InlineData("bench/run-engine-bench.sh", false)]
    [InlineData("examples/veteran.csv", false)]
    [InlineData("README.md", false)]
    public void The_context_holds_what_the_build_needs_and_nothing_else(string path, bool sent)
    {
        // Act
        var included = DockerIgnore.Read(Path.Combine(Root, ".dockerignore")).Includes(path);

        // Assert
        Assert.Equal(sent, included);
    }

    [Fact]
    public void Every_file_a_server_project_reads_from_outside_src_is_in_the_context()
    {
        // Arrange: the "../../" includes of the projects the server is built from.
        var ignore = DockerIgnore.Read(Path.Combine(Root, ".dockerignore"));
        var outside = Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .SelectMany(project => Regex.Matches(File.ReadAllText(project), "Include=\"(\\.\\./\\.\\./[^\"*]+)").Select(m => m.Groups[1].Value[6..]))
            .ToList();

        // Assert
        Assert.NotEmpty(outside);
        Assert.All(outside, path => Assert.True(ignore.Includes(path), $"{path} is left out of the Docker context"));
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Survival.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Survival.sln not found above the test output");
    }

    /// <summary>
    /// Docker's reading of .dockerignore: patterns in order, the last that matches a path (or one of its folders) wins,
    /// <c>!</c> sends it after all; <c>*</c> stays within a folder, <c>**</c> spans any number of them.
    /// </summary>
    private sealed class DockerIgnore(IReadOnlyList<(Regex Pattern, bool Exclude)> rules)
    {
        public static DockerIgnore Read(string file) => new(File.ReadAllLines(file)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (Pattern(l.TrimStart('!').Trim('/')), !l.StartsWith('!')))
            .ToList());

        public bool Includes(string path)
        {
            var excluded = false;
            var prefixes = path.Split('/').Select((_, i) => string.Join('/', path.Split('/').Take(i + 1))).ToList();
            foreach (var (pattern, exclude) in rules)
            {
                if (prefixes.Any(pattern.IsMatch)) excluded = exclude;
            }
            return !excluded;
        }

        private static Regex Pattern(string glob) => new("^" + Regex.Escape(glob)
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$");
    }
}
