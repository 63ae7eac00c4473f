using System.Globalization;

namespace Survival.Bench;

/// <summary>
/// The command line: <c>--input FILE [--runs R] [--cox-fits N]</c>, <c>--generate N FILE [--registry] [--seed S]</c>, or
/// <c>--stream URL --server-pid PID --input FILE</c>.
/// </summary>
internal sealed record Arguments(string Path, int? Generate, int Seed, int Runs, bool Registry, Uri? Stream, int? ServerPid, int? CoxFits = null)
{
    public static Arguments Parse(string[] args)
    {
        string? path = null;
        int? generate = null;
        int seed = 1, runs = 5;
        var registry = false;
        Uri? stream = null;
        int? serverPid = null;
        int? coxFits = null;
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
                case "--registry":
                    registry = true;
                    break;
                case "--stream":
                    stream = new Uri(args[++i]);
                    break;
                case "--server-pid":
                    serverPid = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--cox-fits":
                    coxFits = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--runs":
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}; use --input FILE [--runs R] [--cox-fits N], --generate N FILE [--registry] [--seed S] or --stream URL --server-pid PID --input FILE");
            }
        }
        return new Arguments(path ?? throw new ArgumentException("--input FILE or --generate N FILE is required"), generate, seed, runs, registry, stream, serverPid, coxFits);
    }
}
