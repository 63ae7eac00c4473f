using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Survival.V1;

namespace Survival.Server.Operations;

/// <summary>Tags the request's span with the RPC name, cohort size and group count — never identifiers, times or labels.</summary>
public sealed class SpanTagsInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (Activity.Current is { IsAllDataRequested: true } span)
        {
            span.SetTag("rpc.system", "grpc");
            span.SetTag("rpc.method", context.Method);
            var cohort = request switch
            {
                EstimateSurvivalRequest r => r.Cohort,
                CompareGroupsRequest r => r.Cohort,
                RenderSurvivalPlotRequest r => r.Cohort,
                AnalyzeCohortRequest r => r.Cohort,
                _ => null,
            };
            if (cohort is not null)
            {
                var shape = CohortShape.Of(cohort);
                span.SetTag("survival.cohort.size", shape.Rows);
                span.SetTag("survival.cohort.groups", shape.Groups);
            }
        }
        return continuation(request, context);
    }
}
