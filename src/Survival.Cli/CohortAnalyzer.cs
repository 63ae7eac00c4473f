using Survival.Client;
using Survival.Service;
using Survival.Service.Services;
using Survival.V1;

namespace Survival.Cli;

/// <summary>Runs AnalyzeCohort on a server, or in this process with the very same service code.</summary>
internal static class CohortAnalyzer
{
    public static async Task<AnalyzeCohortResponse> AnalyzeAsync(
        AnalyzeCohortRequest request, Uri? server, string? apiKey, FileInfo? caFile, CancellationToken cancellationToken)
    {
        if (server is null)
        {
            return await ErrorPolicy.RunAsync(
                () => new SurvivalAnalysisService().AnalyzeCohort(request, new LocalCallContext(cancellationToken)), cancellationToken);
        }

        using var channel = SurvivalChannel.Create(server, apiKey, caFile?.FullName);
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(channel);
        return await client.AnalyzeCohortAsync(request, cancellationToken: cancellationToken);
    }
}
