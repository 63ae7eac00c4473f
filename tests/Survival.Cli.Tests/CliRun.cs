using System.CommandLine;

namespace Survival.Cli.Tests;

/// <summary>Runs <c>survival ARGS</c> in this process, from the examples folder, capturing what it prints.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static string Examples => Path.Combine(AppContext.BaseDirectory, "examples");

    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { AnalyzeCommand.Create(output, error) };
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
