using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Survival.Service.Validation;

namespace Survival.Server.Http;

/// <summary>
/// Gives the JSON API's "not correctly formatted" answers the field they are about. JSON transcoding refuses a body
/// whose value does not fit its field (<c>"time": "abc"</c>) with one generic message; where it did, this reads the
/// body again, finds the first value that does not fit and answers with the same <c>google.rpc.BadRequest</c> every
/// other bad input gets. Only refused bodies are read again, and only small ones (hand-written or generated requests,
/// where a type mistake is made); a body the service accepted is passed on untouched.
/// </summary>
public static class JsonFieldErrors
{
    /// <summary>Bodies up to this size are kept to be read again should transcoding refuse them.</summary>
    public const int MaxInspectedBytes = 1024 * 1024;

    private static readonly JsonFormatter StatusFormatter = new(JsonFormatter.Settings.Default
        .WithFormatDefaultValues(true)
        .WithTypeRegistry(TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor)));

    public static WebApplication UseSurvivalJsonFieldErrors(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var input = InputType(context);
            if (input is null || context.Request.ContentLength is not (> 0 and <= MaxInspectedBytes))
            {
                await next(context);
                return;
            }
            context.Request.EnableBuffering(bufferThreshold: MaxInspectedBytes);
            var original = context.Response.Body;
            var capture = new RefusalCapture(context.Response, original);
            context.Response.Body = capture;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            if (capture.Refusal is { } refusal) await AnswerAsync(context, input, refusal);
        });
        return app;
    }

    private static MessageDescriptor? InputType(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
            ? context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>()?.MethodDescriptor.InputType
            : null;

    /// <summary>Writes the refusal as transcoding wrote it, unless the body can be said to be wrong more precisely.</summary>
    private static async Task AnswerAsync(HttpContext context, MessageDescriptor input, byte[] refusal)
    {
        var better = await PreciseRefusalAsync(context, input, refusal);
        if (better is not null)
        {
            context.Response.ContentLength = null;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(better);
        }
        else
        {
            await context.Response.Body.WriteAsync(refusal);
        }
    }

    private static async Task<string?> PreciseRefusalAsync(HttpContext context, MessageDescriptor input, byte[] refusal)
    {
        try
        {
            // The service's own refusals carry a BadRequest; transcoding's refusals of a body it could not read carry none
            // ("Request JSON payload is not correctly formatted.", "Error converting value ... to enum type ...").
            using (var answered = JsonDocument.Parse(refusal))
            {
                if (answered.RootElement.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array && details.GetArrayLength() > 0) return null;
            }
            context.Request.Body.Position = 0;
            JsonDocument body;
            try
            {
                body = await JsonDocument.ParseAsync(context.Request.Body);
            }
            catch (JsonException exception)
            {
                return Format(new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = $"the body is not valid JSON: {exception.Message}" });
            }
            using (body)
            {
                if (JsonShape.FirstMismatch(body.RootElement, input) is not { } mismatch) return null;
                if (mismatch.Field.Length == 0) return Format(new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = mismatch.Description });
                var status = FieldViolations.Single(mismatch.Field, mismatch.Description).ToRpcException().GetRpcStatus();
                return status is null ? null : Format(status);
            }
        }
        catch (Exception exception) when (exception is JsonException or IOException or InvalidOperationException or NotSupportedException)
        {
            // A refusal this cannot read better stays as transcoding wrote it.
            return null;
        }
    }

    private static string Format(Google.Rpc.Status status) => StatusFormatter.Format(status);

    /// <summary>The response body, passed through as written unless the answer is a 400, which is kept to be rewritten.</summary>
    private sealed class RefusalCapture(HttpResponse response, Stream inner) : Stream
    {
        private MemoryStream? refusal;
        private bool decided;

        /// <summary>The 400 answer's body, when the answer was one.</summary>
        public byte[]? Refusal => refusal?.ToArray();

        private Stream Target
        {
            get
            {
                if (!decided)
                {
                    decided = true;
                    if (response.StatusCode == StatusCodes.Status400BadRequest) refusal = new MemoryStream();
                }
                return refusal ?? inner;
            }
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => Target.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => Target.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Target.Write(buffer, offset, count);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Target.WriteAsync(buffer, offset, count, cancellationToken);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => Target.WriteAsync(buffer, cancellationToken);
    }
}
