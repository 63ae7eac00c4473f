using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace Survival.Server.Operations;

/// <summary>
/// Admits a unary gRPC call to the service — by the caller's rate limit (<see cref="RateLimitInterceptor.Admit"/>), then by
/// the <see cref="MemoryBudget"/> — before grpc-dotnet parses its request:
/// it peeks at the message's 5-byte frame prefix and holds the cost of its length, waits for the whole message
/// (still unconsumed, so grpc-dotnet reads it as sent), then holds the cost <see cref="WireScan"/> reads from its bytes.
/// A call that could never fit, or finds no room before its <c>grpc-timeout</c>, is answered RESOURCE_EXHAUSTED at once,
/// trailers-only, with the interceptor's own status — a request refused for its size is never parsed into objects.
/// The <see cref="BudgetHold"/> goes into the call's features for <see cref="MemoryBudgetInterceptor"/> to bring to the
/// parsed message's exact cost, and is given back here when the call ends. Compressed messages keep the length's share
/// only (their parsed size is not known before decompressing) and are admitted by the interceptor after parsing, as
/// are HTTP/JSON calls and the messages of AnalyzeCohortStream.
/// </summary>
public sealed class AdmissionMiddleware(RequestDelegate next, MemoryBudget budget, RateLimitInterceptor rateLimit, IOptions<GrpcServiceOptions> grpc)
{
    private const string Service = "/survival.v1.SurvivalAnalysis/";
    private const int FramePrefix = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(Service, StringComparison.Ordinal) || !WireScan.Reads(path[Service.Length..])
            || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            await next(context);
            return;
        }
        if (rateLimit.Admit(context) is { } overLimit)
        {
            RefuseTrailersOnly(context, overLimit);
            return;
        }
        var hold = new BudgetHold(budget);
        try
        {
            if (!await AdmitAsync(context, path[Service.Length..], hold)) return;
            context.Features.Set(hold);
            await next(context);
        }
        finally
        {
            hold.Release();
        }
    }

    /// <summary>Whether the call may go on to grpc-dotnet: admitted, or left for it to refuse; false once answered or abandoned.</summary>
    private async Task<bool> AdmitAsync(HttpContext context, string method, BudgetHold hold)
    {
        try
        {
            return await AdmitByBytesAsync(context, method, hold);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The caller reset the call while its message was arriving: no one is left to answer.
            return false;
        }
    }

    private async Task<bool> AdmitByBytesAsync(HttpContext context, string method, BudgetHold hold)
    {
        var reader = context.Request.BodyReader;
        var deadline = Deadline(context.Request.Headers["grpc-timeout"].ToString());
        var buffer = (await reader.ReadAtLeastAsync(FramePrefix, context.RequestAborted)).Buffer;
        var owesAdvance = true;
        try
        {
            // Short or oversized messages are grpc-dotnet's to refuse, as it would without this middleware.
            if (buffer.Length < FramePrefix) return true;
            Span<byte> prefix = stackalloc byte[FramePrefix];
            buffer.Slice(0, FramePrefix).CopyTo(prefix);
            var (compressed, length) = (prefix[0] != 0, BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]));
            if (length > (grpc.Value.MaxReceiveMessageSize ?? int.MaxValue - FramePrefix)) return true;

            if (buffer.Length < FramePrefix + length)
            {
                // The length's share while the rest arrives; a message already here goes straight to its scan.
                if (!await ResizeAsync(context, hold, CallCost.Of(new CostDrivers(length)), deadline)) return false;
                reader.AdvanceTo(buffer.Start, buffer.End);
                owesAdvance = false;
                buffer = (await reader.ReadAtLeastAsync(FramePrefix + (int)length, context.RequestAborted)).Buffer;
                owesAdvance = true;
            }
            // A compressed message keeps the length's share until the interceptor sees it parsed.
            if (compressed) return await ResizeAsync(context, hold, CallCost.Of(new CostDrivers(length)), deadline);
            if (buffer.Length < FramePrefix + length) return true;
            var drivers = WireScan.Of(method, buffer.Slice(FramePrefix, length))!.Value;
            hold.ScannedWhole = await ResizeAsync(context, hold, CallCost.Of(drivers), deadline);
            return hold.ScannedWhole;
        }
        finally
        {
            // Nothing consumed: grpc-dotnet reads the message from its first byte.
            if (owesAdvance) reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async Task<bool> ResizeAsync(HttpContext context, BudgetHold hold, CallCost cost, DateTime deadline)
    {
        var admission = await hold.ResizeAsync(cost, deadline, context.RequestAborted);
        if (admission == Admission.Admitted) return true;
        if (admission != Admission.Cancelled) RefuseTrailersOnly(context, ResourceExhausted.OfBudget(admission, cost, budget.TotalBytes, context));
        return false;
    }

    /// <summary>A gRPC response of headers only, carrying the status as grpc-dotnet writes an error before any message.</summary>
    private static void RefuseTrailersOnly(HttpContext context, Google.Rpc.Status status)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
    }

    /// <summary>The call's deadline from its <c>grpc-timeout</c> header (digits and a unit, H M S m u n); none if absent or unreadable.</summary>
    private static DateTime Deadline(string timeout)
    {
        if (timeout.Length < 2 || !long.TryParse(timeout.AsSpan(0, timeout.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return DateTime.MaxValue;
        double? seconds = timeout[^1] switch
        {
            'H' => value * 3600.0,
            'M' => value * 60.0,
            'S' => value,
            'm' => value / 1e3,
            'u' => value / 1e6,
            'n' => value / 1e9,
            _ => null,
        };
        // Beyond a day the budget's own longest wait decides.
        return seconds is { } s and < 86_400 ? DateTime.UtcNow.AddSeconds(s) : DateTime.MaxValue;
    }
}
