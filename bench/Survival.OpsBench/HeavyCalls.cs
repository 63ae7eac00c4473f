using Grpc.Core;
using Survival.V1;

namespace Survival.OpsBench;

/// <summary>
/// Sixteen heavy calls at once — the largest plots, a million landmarks, twenty thousand groups, a large registry —
/// and the server's peak resident memory (VmHWM of /proc/pid/status) afterwards.
/// </summary>
internal static class HeavyCalls
{
    public static async Task RunAsync(SurvivalAnalysis.SurvivalAnalysisClient client, int serverPid)
    {
        var calls = Enumerable.Range(0, 16).Select(i => (i % 4) switch
        {
            0 => Run("plot 8000x8000", () => client.RenderSurvivalPlotAsync(new RenderSurvivalPlotRequest
            {
                Cohort = Cohort(20_000, groups: 4),
                Plot = new PlotOptions { Width = 8000, Height = 8000 },
            }).ResponseAsync),
            1 => Run("1e6 landmarks", () => client.EstimateSurvivalAsync(Landmarks()).ResponseAsync),
            2 => Run("20000 groups", () => client.CompareGroupsAsync(new CompareGroupsRequest { Cohort = Cohort(60_000, groups: 20_000) }).ResponseAsync),
            _ => Run("1e6 subjects", () => client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = Cohort(1_000_000, groups: 2) }).ResponseAsync),
        }).ToArray();
        var statuses = await Task.WhenAll(calls);
        foreach (var group in statuses.GroupBy(s => s)) Console.WriteLine($"{group.Count(),3} × {group.Key}");
        var peak = File.ReadLines($"/proc/{serverPid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine($"server peak RSS {peak}");
    }

    private static async Task<string> Run(string name, Func<Task> call)
    {
        try
        {
            await call();
            return $"{name}: OK";
        }
        catch (RpcException exception)
        {
            return $"{name}: {exception.StatusCode}";
        }
    }

    private static EstimateSurvivalRequest Landmarks()
    {
        var request = new EstimateSurvivalRequest { Cohort = Cohort(10_000, groups: 4), Options = new EstimateOptions() };
        request.Options.LandmarkTimes.Add(Enumerable.Range(1, 1_000_000).Select(i => i / 1000.0));
        return request;
    }

    private static Cohort Cohort(int subjects, int groups)
    {
        var random = new Random(subjects + groups);
        var cohort = new Cohort();
        for (var i = 0; i < subjects; i++)
            cohort.Subjects.Add(new Subject { Time = Math.Round(random.NextDouble() * 1000, 1) + 0.1, Event = random.Next(3) > 0, Group = $"g{i % groups}" });
        return cohort;
    }
}
