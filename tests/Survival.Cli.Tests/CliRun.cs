namespace Survival.Cli.Tests;

/// <summary>Runs <c>survival ARGS</c> in this process through the program's own entry, capturing what it prints.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static string Examples => Path.Combine(AppContext.BaseDirectory, "examples");

    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await Program.RunAsync(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
