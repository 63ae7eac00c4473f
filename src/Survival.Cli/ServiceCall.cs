using Google.Rpc;
using Grpc.Core;
using Survival.Client;
using Survival.Service;
using Survival.Service.Services;
using Survival.V1;

namespace Survival.Cli;

/// <summary>
/// What <c>fit</c>, <c>plan</c>, <c>reconstruct</c>, <c>compare-external</c> and <c>pool</c> share: one call, in this process with the very same
/// service code or on a server, and one way to report what went wrong.
/// </summary>
internal static class ServiceCall
{
    /// <summary>Calls the service here (no server) or there.</summary>
    public static async Task<TResponse> RunAsync<TResponse>(
        Uri? server,
        string? apiKey,
        Func<SurvivalAnalysisService, ServerCallContext, Task<TResponse>> local,
        Func<SurvivalAnalysis.SurvivalAnalysisClient, CancellationToken, Task<TResponse>> remote,
        CancellationToken cancellationToken)
    {
        if (server is null) return await ErrorPolicy.RunAsync(() => local(new SurvivalAnalysisService(), new LocalCallContext(cancellationToken)), cancellationToken);
        using var channel = SurvivalChannel.Create(server, apiKey);
        return await remote(new SurvivalAnalysis.SurvivalAnalysisClient(channel), cancellationToken);
    }

    /// <summary>Runs a command's work, turning a bad file, a rejected field or an absent server into a message and an exit code.</summary>
    public static async Task<int> ReportingAsync(string source, TextWriter error, Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (CohortFileException exception)
        {
            await error.WriteLineAsync(exception.Line > 0 ? $"{source}:{exception.Line}: {exception.Message}" : $"{source}: {exception.Message}");
            return AnalyzeCommand.InputError;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.InvalidArgument)
        {
            var violations = exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
            if (violations is null or { Count: 0 }) await error.WriteLineAsync(exception.Status.Detail);
            else foreach (var violation in violations) await error.WriteLineAsync($"{source} ({violation.Field}): {violation.Description}");
            return AnalyzeCommand.InputError;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(exception.Message);
            return AnalyzeCommand.InputError;
        }
        catch (RpcException exception)
        {
            await error.WriteLineAsync($"the server did not answer: {exception.Status.StatusCode} {exception.Status.Detail}");
            return AnalyzeCommand.ServerError;
        }
    }
}

/// <summary>A plain-text table: the first column left-aligned, the others right-aligned.</summary>
internal static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows) output.WriteLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
    }
}
