using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Options;
using Survival.Server.Infrastructure;
using Survival.Service.Validation;

namespace Survival.Server.Operations;

/// <summary>
/// Admits every call to the service by its bytes before anything is inflated or parsed: first by the caller's rate
/// limit (<see cref="RateLimitInterceptor.Admit"/>), then by the <see cref="MemoryBudget"/>, as the bytes arrive.
/// <list type="bullet">
/// <item>A gRPC call reads its request through an <see cref="ArrivingBody"/>: while a message arrives it holds the share
/// of the bytes that came plus an allowance, and a complete message holds the cost <see cref="WireScan"/> reads from
/// its bytes. A unary message is read whole here, still unconsumed, so grpc-dotnet parses it as sent; a compressed one
/// is inflated here (<see cref="InflatedMessage"/>) and scanned like the others. A stream's messages are admitted the
/// same way as grpc-dotnet reads them.</item>
/// <item>An HTTP/JSON call's body is admitted by <see cref="JsonAdmission"/>.</item>
/// </list>
/// A call that could never fit, finds no room before its deadline, or arrives too slowly is answered at once with its
/// status (gRPC trailers-only; JSON with its HTTP status). The <see cref="BudgetHold"/> goes into the call's features
/// for <see cref="MemoryBudgetInterceptor"/> to refine, and is given back here when the call ends.
/// </summary>
public sealed class AdmissionMiddleware(
    RequestDelegate next, MemoryBudget budget, RateLimitInterceptor rateLimit, AdmissionRules rules, IOptions<GrpcServiceOptions> grpc)
{
    private const int FramePrefix = 5;

    /// <summary>A stream may pause between messages for as long as its deadline allows.</summary>
    private readonly FramePolicy _streamPolicy = new(
        rules.MaxMessageBytes, "Survival:MaxReceiveMessageBytes", CompressedAccepted: true, rules.MinBytesPerSecond, rules.RateWindow, IdleLimit: null);

    /// <summary>A unary call's one message must begin, and its body end, within the rate window.</summary>
    private readonly FramePolicy _unaryPolicy = new(
        rules.MaxMessageBytes, "Survival:MaxReceiveMessageBytes", CompressedAccepted: true, rules.MinBytesPerSecond, rules.RateWindow, IdleLimit: rules.RateWindow);

    private readonly Dictionary<string, BoundedCompressionProvider> _encodings =
        grpc.Value.CompressionProviders.OfType<BoundedCompressionProvider>().ToDictionary(p => p.EncodingName, StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<GrpcMethodMetadata>()?.Method is { } method && SurvivalMethods.Includes(method.FullName) && GrpcCalls.IsGrpc(context.Request))
        {
            ReplaceKestrelsRate(context);
            await AdmitGrpcAsync(context, method);
        }
        else if (metadata?.GetMetadata<GrpcJsonTranscodingMetadata>() is { } json && SurvivalMethods.Includes(json.MethodDescriptor))
        {
            ReplaceKestrelsRate(context);
            await AdmitJsonAsync(context);
        }
        else
        {
            await next(context);
        }
    }

    /// <summary>
    /// The minimum rate here is the admission's (<see cref="AdmissionRules.MinBytesPerSecond"/>, answered with a status);
    /// Kestrel's own (240 bytes a second) would close the connection without one — over HTTP/2, with every call on it.
    /// </summary>
    private static void ReplaceKestrelsRate(HttpContext context)
    {
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate) rate.MinDataRate = null;
    }

    private async Task AdmitGrpcAsync(HttpContext context, IMethod method)
    {
        if (rateLimit.Admit(context) is { } overLimit)
        {
            GrpcCalls.RefuseTrailersOnly(context, overLimit);
            return;
        }
        var hold = new BudgetHold(budget);
        var charge = new FrameCharge(hold, FrameCosts.GetOrAdd(method.FullName, _ => CostOfFrame(method)), rules.AllowanceBytes, GrpcCalls.Deadline(context.Request), context);
        var unary = method.Type is MethodType.Unary or MethodType.ServerStreaming;
        using var body = new ArrivingBody(context.Request.BodyReader, unary ? _unaryPolicy : _streamPolicy, charge);
        context.Features.Set<IRequestBodyPipeFeature>(body);
        try
        {
            if (unary)
            {
                if (!await AdmitMessageAsync(context, body, charge, hold)) return;
                hold.Admit();
                body.Admitted();
            }
            else
            {
                context.Features.Set(body);
            }
            context.Features.Set(hold);
            await next(context);
        }
        finally
        {
            hold.Release();
        }
    }

    /// <summary>
    /// Reads the one request message whole, admitting it as it arrives; leaves grpc-dotnet the body with nothing
    /// consumed, or hands it the inflated message. Whether the call may go on; false once answered or abandoned.
    /// </summary>
    private async Task<bool> AdmitMessageAsync(HttpContext context, ArrivingBody body, FrameCharge charge, BudgetHold hold)
    {
        try
        {
            var result = await body.ReadAtLeastAsync(FramePrefix, context.RequestAborted);
            var buffer = result.Buffer;
            var (compressed, length) = buffer.Length < FramePrefix ? (false, 0u) : ArrivingBody.Prefix(buffer);
            if (buffer.Length >= FramePrefix && buffer.Length < FramePrefix + length && !result.IsCompleted)
            {
                body.AdvanceTo(buffer.Start, buffer.End);
                result = await body.ReadAtLeastAsync(FramePrefix + (int)length, context.RequestAborted);
                buffer = result.Buffer;
            }
            var whole = buffer.Length >= FramePrefix + length && buffer.Length >= FramePrefix;
            if (!whole || !compressed)
            {
                // Incomplete bodies are grpc-dotnet's to refuse, as without this middleware.
                hold.ScannedWhole = whole && body.LastFrameScanned;
                body.AdvanceTo(buffer.Start, buffer.End);
                return true;
            }
            var encoding = context.Request.Headers["grpc-encoding"].ToString();
            if (!_encodings.TryGetValue(encoding, out var provider))
            {
                body.AdvanceTo(buffer.Start, buffer.End);
                context.Response.Headers["grpc-accept-encoding"] = string.Join(",", ["identity", .. _encodings.Keys]);
                GrpcCalls.RefuseTrailersOnly(context, Refusals.UnsupportedEncoding(encoding, ["identity", .. _encodings.Keys]));
                return false;
            }
            InflatedMessage inflated;
            try
            {
                inflated = await InflatedMessage.InflateAsync(buffer.Slice(FramePrefix, length), provider, rules, charge);
            }
            finally
            {
                // The compressed frame is consumed either way: it is not read again.
                body.AdvanceTo(buffer.Slice(FramePrefix + length).Start, buffer.End);
            }
            context.Features.Set<IRequestBodyPipeFeature>(inflated);
            var (cost, scanned) = charge.OfComplete(inflated.Frame);
            await charge.HoldAsync(cost);
            hold.ScannedWhole = scanned;
            return true;
        }
        catch (RpcException refusal)
        {
            GrpcCalls.RefuseTrailersOnly(context, GrpcCalls.StatusOf(refusal));
            return false;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The caller reset the call while its message was arriving: no one is left to answer.
            return false;
        }
    }

    private async Task AdmitJsonAsync(HttpContext context)
    {
        if (rateLimit.Admit(context) is { } overLimit)
        {
            await JsonAdmission.RefuseAsync(context, StatusCodes.Status429TooManyRequests, overLimit);
            return;
        }
        var hold = new BudgetHold(budget);
        try
        {
            if (!await JsonAdmission.AdmitAsync(context, hold, rules)) return;
            context.Features.Set(hold);
            await next(context);
        }
        finally
        {
            hold.Release();
        }
    }

    /// <summary>
    /// What a complete frame of <paramref name="method"/> holds, read from its bytes before it is parsed, after its
    /// strings are checked (<see cref="StringLimits.CheckEncoded"/>): for a unary method the call's whole cost (the drivers
    /// <see cref="WireScan"/> reads, or the message's size for a method it does not know), for a stream the message's own
    /// share. A compressed frame holds the share of its bytes until it is inflated.
    /// </summary>
    private static Func<ReadOnlySequence<byte>, (CallCost, bool)> CostOfFrame(IMethod method)
    {
        var unary = method.Type is MethodType.Unary or MethodType.ServerStreaming;
        var request = RequestDescriptor(method);
        return frame =>
        {
            if (ArrivingBody.Prefix(frame).Compressed || request is null) return (FrameCharge.ShareOf(frame.Length), false);
            var message = frame.Slice(FramePrefix);
            var violations = new FieldViolations();
            var text = StringLimits.CheckEncoded(request, message, violations);
            violations.ThrowIfAny();
            var drivers = (WireScan.Of(method.Name, message) ?? new CostDrivers(message.Length)) with { TextBytes = text };
            return (unary ? CallCost.Of(drivers) : CallCost.OfChunk(drivers), true);
        };
    }

    private static readonly ConcurrentDictionary<string, Func<ReadOnlySequence<byte>, (CallCost, bool)>> FrameCosts = new(StringComparer.Ordinal);

    /// <summary>The request message type of a method, from the generated message's static <c>Descriptor</c>.</summary>
    private static MessageDescriptor? RequestDescriptor(IMethod method) =>
        method.GetType() is { IsGenericType: true } type
            ? type.GetGenericArguments()[0].GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageDescriptor
            : null;
}
