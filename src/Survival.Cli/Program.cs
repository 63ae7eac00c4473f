using System.CommandLine;
using Survival.Cli;

var root = new RootCommand("Survival statistics equal to R's survival package, from a CSV file.")
{
    AnalyzeCommand.Create(Console.Out, Console.Error),
};
return await root.Parse(args).InvokeAsync();
