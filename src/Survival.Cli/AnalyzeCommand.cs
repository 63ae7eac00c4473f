using System.CommandLine;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Spectre.Console;
using DuckDB.NET.Data;
using Npgsql;
using Survival.Client;
using Survival.V1;

namespace Survival.Cli;

/// <summary><c>survival analyze FILE</c>: read, analyze (in-process or on a server), print, save the plot.</summary>
internal static class AnalyzeCommand
{
    public const int InputError = 2;
    public const int ServerError = 3;

    /// <summary>Files above this size get a progress bar while they are read and analyzed.</summary>
    private const long ProgressThresholdBytes = 4 * 1024 * 1024;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var options = new AnalyzeOptions();
        var command = new Command("analyze", "Median, landmark and restricted mean survival, tests and hazard ratios, and a plot, from a CSV, TSV or Parquet file, a PostgreSQL table or a count table");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, options, output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, AnalyzeOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var loader = new CohortLoader(parse, options);
        var name = loader.SourceName;
        var plotPath = parse.GetValue(options.Plot);
        if (OutputFile.FolderMissing("--plot", plotPath) is { } missing)
        {
            await error.WriteLineAsync(missing);
            return InputError;
        }
        try
        {
            var (request, response) = await WithProgressAsync(parse.GetValue(options.File), error,
                progress => loader.AnalyzeAsync(progress, cancellationToken));

            if (plotPath is not null) OutputFile.Write("--plot", plotPath, () => SurvivalImage.Save(response.Plot, plotPath));
            if (loader.EventNote is { } note) await (parse.GetValue(options.Json) ? error : output).WriteLineAsync($"{name}: {note}");
            if (parse.GetValue(options.Json)) PrintJson(response, output);
            else new SummaryPrinter(output).Print(request, response);
            if (plotPath is not null) output.WriteLine($"Plot written to {plotPath}");
            return 0;
        }
        catch (CohortFileException exception)
        {
            await error.WriteLineAsync(exception.Line > 0 ? $"{name}:{exception.Line}: {exception.Message}" : $"{name}: {exception.Message}");
            return InputError;
        }
        catch (Exception exception) when (exception is CohortSourceException or DuckDBException or NpgsqlException)
        {
            // The database's or DuckDB's own words name the column or the connection at fault; they carry no data.
            await error.WriteLineAsync($"{name}: {exception.Message}");
            return InputError;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.InvalidArgument)
        {
            var violations = exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
            if (violations is null or { Count: 0 } || loader.Request is null) await error.WriteLineAsync(exception.Status.Detail);
            else
            {
                var text = new ViolationText(name, loader.Lines, loader.Request, options.ColumnOf(parse), AnalyzeOptions.OptionOfField);
                foreach (var line in text.Lines(violations)) await error.WriteLineAsync(line);
            }
            return InputError;
        }
        catch (OutputFileException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return InputError;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{name}: {exception.Message}");
            return InputError;
        }
        catch (RpcException exception)
        {
            await error.WriteLineAsync(ServerAddress.Failure(parse.GetValue(options.Server), exception));
            return ServerError;
        }
    }

    private static void PrintJson(AnalyzeCohortResponse response, TextWriter output)
    {
        // The image is in the file; its base64 would bury the figures.
        var printable = response.Clone();
        printable.Plot?.Image = ByteString.Empty;
        output.WriteLine(ProtoJson.Format(printable));
    }

    private static async Task<T> WithProgressAsync<T>(FileInfo? file, TextWriter error, Func<IProgress<double>?, Task<T>> work)
    {
        if (file is null || file.Length < ProgressThresholdBytes || Console.IsErrorRedirected) return await work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        return await console.Progress().StartAsync(async context =>
        {
            var reading = context.AddTask($"reading {file.Name}", maxValue: 1);
            var analyzing = context.AddTask("analyzing").IsIndeterminate();
            var result = await work(new Progress<double>(fraction => reading.Value = fraction));
            reading.Value = 1;
            analyzing.IsIndeterminate(false).Value = analyzing.MaxValue;
            return result;
        });
    }
}
