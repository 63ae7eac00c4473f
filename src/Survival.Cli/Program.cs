using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;

namespace Survival.Cli;

/// <summary>The <c>survival</c> command.</summary>
internal static class Program
{
    /// <summary>The exit code of a command line that cannot be parsed, as of input the command cannot use.</summary>
    public const int UsageError = 2;

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs the command line as <c>survival ARGS</c> would, writing to the given writers.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        // Numbers on the command line and in the summary are read and written the same way in every locale.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var root = new RootCommand("Survival statistics equal to R's survival package, from a CSV file.")
        {
            AnalyzeCommand.Create(output, error),
            CoxCommand.Create(output, error),
            SqlCommand.Create(output),
            ReconstructCommand.Create(output, error),
            CompareExternalCommand.Create(output, error),
            PoolCommand.Create(output, error),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0) return await parse.InvokeAsync(configuration);

        // The errors and any "did you mean" say what is wrong; one usage line, not every option, says what to type.
        if (parse.Action is ParseErrorAction action) action.ShowHelp = false;
        await parse.InvokeAsync(configuration);
        await error.WriteLineAsync(Usage(parse.CommandResult.Command));
        return UsageError;
    }

    private static string Usage(Command command) => command.Name switch
    {
        "analyze" => "usage: survival analyze FILE --time COL --event COL [--group COL] [--unit months] [--plot km.png] ...  (survival analyze --help lists every option)",
        "cox" => "usage: survival cox FILE --time COL --event COL --terms a,b,c [--factor b] ...  (survival cox --help lists every option)",
        "sql" => "usage: survival sql --table NAME --time COL --event COL [--group COL] [--dialect spark] ...  (survival sql --help lists every option)",
        _ => "usage: survival analyze|cox|sql ...  (survival --help, or survival analyze --help)",
    };
}
