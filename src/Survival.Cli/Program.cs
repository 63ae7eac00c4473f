using System.CommandLine;
using System.Globalization;

namespace Survival.Cli;

/// <summary>The <c>survival</c> command.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs the command line as <c>survival ARGS</c> would, writing to the given writers.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        // Numbers on the command line and in the summary are read and written the same way in every locale.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var root = new RootCommand("Survival statistics equal to R's survival package, from a CSV file.")
        {
            AnalyzeCommand.Create(output, error),
            CoxCommand.Create(output, error),
            SqlCommand.Create(output),
            PlanCommand.Create(output, error),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
