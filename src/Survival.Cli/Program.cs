using System.CommandLine;

namespace Survival.Cli;

/// <summary>The <c>survival</c> command.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Survival statistics equal to R's survival package, from a CSV file.")
        {
            AnalyzeCommand.Create(Console.Out, Console.Error),
        };
        return root.Parse(args).InvokeAsync();
    }
}
