using System.Globalization;

namespace Survival.Bench;

/// <summary>The command line: <c>--input FILE [--runs R]</c> or <c>--generate N FILE [--seed S]</c>.</summary>
internal sealed record Arguments(string Path, int? Generate, int Seed, int Runs)
{
    public static Arguments Parse(string[] args)
    {
        string? path = null;
        int? generate = null;
        int seed = 1, runs = 5;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--input":
                    path = args[++i];
                    break;
                case "--generate":
                    generate = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    path = args[++i];
                    break;
                case "--seed":
                    seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--runs":
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}; use --input FILE [--runs R] or --generate N FILE [--seed S]");
            }
        }
        return new Arguments(path ?? throw new ArgumentException("--input FILE or --generate N FILE is required"), generate, seed, runs);
    }
}
