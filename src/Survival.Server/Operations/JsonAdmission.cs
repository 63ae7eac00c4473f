using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Survival.Server.Operations;

/// <summary>
/// Admits the body of an HTTP/JSON call before JSON transcoding reads any of it, against the same memory budget as
/// gRPC: a body whose Content-Length is over the limit gets 413 at once, one that could never fit the budget 429;
/// otherwise the body is read as it arrives into
/// <see cref="ByteChunks"/>, holding <see cref="CallCost.OfJson"/> of the bytes received plus an allowance before each
/// read, under the same minimum rate as a gRPC message (408 when slower), and 413 if it grows past the limit without a
/// length. The whole body then becomes the request body the transcoder parses, and the call keeps the JSON share of
/// the budget (<see cref="BudgetHold.Floor"/>) until it ends.
/// </summary>
internal static class JsonAdmission
{
    private static readonly JsonFormatter ErrorFormatter =
        new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    /// <summary>Whether the call may go on to the transcoder; false once it has been answered (or abandoned).</summary>
    public static async Task<bool> AdmitAsync(HttpContext context, BudgetHold hold, AdmissionRules rules)
    {
        var request = context.Request;
        if (request.ContentLength > rules.MaxMessageBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge(request.ContentLength.Value, rules));
            return false;
        }
        if (request.ContentLength is { } declared && CallCost.OfJson(declared) is var declaredCost && declaredCost.Bytes > hold.Budget.TotalBytes)
        {
            await RefuseAsync(context, StatusCodes.Status429TooManyRequests, ResourceExhausted.OfBudget(Admission.NeverFits, declaredCost, hold.Budget.TotalBytes, context));
            return false;
        }
        // The limit is checked here, as the body arrives; without Kestrel's own, a refused body that is still coming
        // is read and dropped for up to five seconds, so the client reads the refusal rather than a reset.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = null;
        var end = request.ContentLength ?? rules.MaxMessageBytes;
        var reader = request.BodyReader;
        var body = new ByteChunks();
        using var rate = new ArrivalRate(rules, reader.CancelPendingRead);
        try
        {
            rate.Start();
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted);
                if (result.IsCanceled && rate.TooSlow)
                {
                    await RefuseAsync(context, StatusCodes.Status408RequestTimeout, Refusals.TooSlow(rules.MinBytesPerSecond, rules.RateWindow));
                    return false;
                }
                body.Write(result.Buffer);
                rate.Arrived(result.Buffer.Length);
                reader.AdvanceTo(result.Buffer.End);
                if (body.Length > rules.MaxMessageBytes)
                {
                    await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge(body.Length, rules));
                    return false;
                }
                if (result.IsCompleted) break;
                if (CallCost.OfJson(Math.Min(body.Length + rules.AllowanceBytes, end)).Bytes > hold.Bytes)
                {
                    // Two allowances ahead, as far as the declared length and the budget reach.
                    var ahead = CallCost.OfJson(Math.Min(body.Length + 2 * rules.AllowanceBytes, end));
                    if (ahead.Bytes > hold.Budget.TotalBytes) ahead = CallCost.OfJson(body.Length);
                    await rate.WhileServerWaitsAsync(() => HoldAsync(context, hold, ahead));
                }
            }
            rate.Stop();
            var whole = CallCost.OfJson(body.Length);
            await HoldAsync(context, hold, whole);
            hold.Floor = whole.Bytes;
        }
        catch (RpcException refusal)
        {
            var status = GrpcCalls.StatusOf(refusal);
            await RefuseAsync(context, status.Code == (int)Code.ResourceExhausted ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest, status);
            return false;
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's own limits on the body (its size, a malformed chunk).
            await RefuseAsync(context, exception.StatusCode, new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = "the request body could not be read" });
            return false;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }
        request.Body = PipeReader.Create(body.ToSequence()).AsStream();
        return true;
    }

    private static async ValueTask HoldAsync(HttpContext context, BudgetHold hold, CallCost cost)
    {
        var admission = await hold.ResizeAsync(cost, DateTime.MaxValue, context.RequestAborted);
        if (admission == Admission.Admitted) return;
        context.RequestAborted.ThrowIfCancellationRequested();
        throw ResourceExhausted.OfBudget(admission, hold.Whole(cost, HoldPart.Admitted), hold.Budget.TotalBytes, context).ToRpcException();
    }

    private static Google.Rpc.Status TooLarge(long length, AdmissionRules rules) =>
        Refusals.TooLarge(length, rules.MaxMessageBytes, "Survival:MaxReceiveMessageBytes; send large cohorts over gRPC, or stream them with AnalyzeCohortStream");

    /// <summary>The error as the transcoder writes its own: the google.rpc.Status as JSON.</summary>
    public static async Task RefuseAsync(HttpContext context, int httpStatus, Google.Rpc.Status status)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(ErrorFormatter.Format(status));
    }
}
