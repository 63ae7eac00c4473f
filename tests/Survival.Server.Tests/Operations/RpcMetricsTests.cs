using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Survival.Server.Operations;

namespace Survival.Server.Tests.Operations;

/// <summary>The status each call is counted under, read from the HttpContext the way the middleware sees it.</summary>
public class RpcMetricsTests
{
    [Theory]
    [InlineData(false, "2", "2")] // an UNKNOWN the server really sent stays UNKNOWN
    [InlineData(true, "2", "1")] // the caller reset the call while grpc-dotnet read it: CANCELLED
    [InlineData(true, "4", "4")] // a status written before the caller went (DEADLINE_EXCEEDED) is kept
    [InlineData(true, null, "1")] // gone before any status was written
    public async Task Counts_a_call_the_caller_abandoned_as_cancelled(bool aborted, string? trailer, string expected)
    {
        // Arrange
        using var metrics = new RpcMetrics();
        var statuses = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RpcMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "rpc.grpc.status_code") statuses.Add((string)tag.Value!);
        });
        listener.Start();
        var context = Call(aborted, trailer);

        // Act
        await metrics.InvokeAsync(context, _ => Task.CompletedTask);

        // Assert
        Assert.Equal([expected], statuses);
    }

    private static DefaultHttpContext Call(bool aborted, string? trailer)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/grpc";
        context.Request.Path = "/survival.v1.SurvivalAnalysis/EstimateSurvival";
        var trailers = new HeaderDictionary();
        if (trailer is not null) trailers["grpc-status"] = trailer;
        context.Features.Set<IHttpResponseTrailersFeature>(new ResponseTrailers(trailers));
        if (aborted) context.RequestAborted = new CancellationToken(canceled: true);
        return context;
    }

    private sealed class ResponseTrailers(IHeaderDictionary trailers) : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = trailers;
    }
}
