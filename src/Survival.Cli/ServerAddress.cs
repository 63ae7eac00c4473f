using System.CommandLine;
using Grpc.Core;

namespace Survival.Cli;

/// <summary>The <c>--server</c> option: an address as <c>http://host:port</c>, <c>https://host:port</c> or plain <c>host:port</c>.</summary>
internal static class ServerAddress
{
    public static Option<Uri?> Option() => new("--server")
    {
        Description = "address of a Survival server's gRPC endpoint, e.g. 127.0.0.1:5000 or https://survival.example:5000 (default: run in-process)",
        CustomParser = result =>
        {
            if (Parse(result.Tokens[0].Value) is { } address) return address;
            result.AddError($"--server {result.Tokens[0].Value}: give host:port (such as 127.0.0.1:5000) or http:// or https:// and host:port");
            return null;
        },
    };

    /// <summary>The address, with <c>http://</c> when none is given, as the Python client takes <c>host:port</c>.</summary>
    public static Uri? Parse(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var address) && address.Scheme is "http" or "https" && address.Host.Length > 0
            ? address
            : null;
    }

    /// <summary>What a failed call to the server means for the user: unreachable, refused credentials, or the server's own status.</summary>
    public static string Failure(Uri? server, RpcException exception) => exception.StatusCode switch
    {
        _ when exception.Status.Detail.Contains("HTTP_1_1_REQUIRED", StringComparison.Ordinal) =>
            $"the address {server} speaks HTTP/1.1 only: it is the server's HTTP/JSON port; give its gRPC port (5000 by default)",
        StatusCode.Unavailable =>
            $"cannot reach the server at {server}: {Reason(exception)}. Is it running (dotnet run --project src/Survival.Server), and is this its gRPC address (port 5000 by default, not the HTTP port 5001)?",
        StatusCode.Unauthenticated => $"the server at {server} refused the call: give its API key with --api-key or SURVIVAL_API_KEY ({exception.Status.Detail})",
        StatusCode.DeadlineExceeded or StatusCode.Cancelled => $"the call to the server at {server} was cancelled or timed out",
        _ => $"the server at {server} answered {exception.StatusCode}: {exception.Status.Detail}",
    };

    // The innermost message says "Connection refused" or "Name or service not known"; gRPC's own detail wraps it in its type names.
    private static string Reason(RpcException exception)
    {
        var inner = exception.Status.DebugException;
        while (inner?.InnerException is not null) inner = inner.InnerException;
        return (inner?.Message ?? exception.Status.Detail).TrimEnd('.');
    }
}
