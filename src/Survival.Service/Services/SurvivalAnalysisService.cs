using Grpc.Core;
using Survival.Core;
using Survival.Service.Mapping;
using Survival.Service.Validation;
using Survival.V1;

namespace Survival.Service.Services;

/// <summary>survival.v1.SurvivalAnalysis: validates each request, maps it to the engine and back.</summary>
public sealed class SurvivalAnalysisService : SurvivalAnalysis.SurvivalAnalysisBase
{
    /// <inheritdoc />
    public override Task<EstimateSurvivalResponse> EstimateSurvival(EstimateSurvivalRequest request, ServerCallContext context)
    {
        RequestValidator.Validate(request);
        var (data, groups) = ProtoMapper.ToCore(request.Cohort);
        var summaries = CohortSurvival.Summarize(data, groups, ProtoMapper.ToCore(request.Options), context.CancellationToken);
        return Task.FromResult(ProtoMapper.ToProto(summaries));
    }
}
