using Grpc.Core;
using Survival.V1;

namespace Survival.OpsBench;

/// <summary>
/// Heavy calls at once — the largest plots, a million landmarks, twenty thousand groups, a million subjects, and
/// (for calibration) columns, a stream and a Cox model — and the server's resident memory: idle before, peak
/// (VmHWM of /proc/pid/status) after.
/// </summary>
internal static class HeavyCalls
{
    /// <summary>The mix of sixteen the README reports: four of each of the first four kinds.</summary>
    public static readonly string[] Mix = ["plot", "landmarks", "groups", "subjects"];

    public static async Task RunAsync(SurvivalAnalysis.SurvivalAnalysisClient client, int serverPid, IReadOnlyList<string> kinds, int count)
    {
        var idle = Status(serverPid, "VmRSS:");
        var calls = Enumerable.Range(0, count).Select(i => Call(client, kinds[i % kinds.Count])).ToArray();
        var statuses = await Task.WhenAll(calls);
        foreach (var group in statuses.GroupBy(s => s)) Console.WriteLine($"{group.Count(),3} × {group.Key}");
        Console.WriteLine($"server RSS idle {idle}, peak {Status(serverPid, "VmHWM:")}");
    }

    private static Task<string> Call(SurvivalAnalysis.SurvivalAnalysisClient client, string kind) => kind switch
    {
        "plot" => Run("plot 8000x8000", () => client.RenderSurvivalPlotAsync(new RenderSurvivalPlotRequest
        {
            Cohort = Cohort(20_000, groups: 4),
            Plot = new PlotOptions { Width = 8000, Height = 8000 },
        }).ResponseAsync),
        "landmarks" => Run("1e6 landmarks", () => client.EstimateSurvivalAsync(Landmarks()).ResponseAsync),
        "groups" => Run("20000 groups", () => client.CompareGroupsAsync(new CompareGroupsRequest { Cohort = Cohort(60_000, groups: 20_000) }).ResponseAsync),
        "subjects" => Run("1e6 subjects", () => client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = Cohort(1_000_000, groups: 2) }).ResponseAsync),
        "columns" => Run("1e7 subjects as columns", () => client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = Columns(10_000_000) }).ResponseAsync),
        "stream" => Run("1e7 subjects streamed", () => StreamAsync(client, 10_000_000)),
        "cox" => Run("Cox 1e6 subjects x 8 covariates", () => client.FitCoxModelAsync(Cox(1_000_000, covariates: 8)).ResponseAsync),
        "json" => Run("50 MB of JSON", JsonAsync),
        _ => throw new ArgumentException($"no heavy call named {kind}"),
    };

    private static async Task<string> Run(string name, Func<Task> call)
    {
        try
        {
            await call();
            return $"{name}: OK";
        }
        catch (RpcException exception)
        {
            return $"{name}: {exception.StatusCode} ({exception.Status.Detail})";
        }
    }

    /// <summary>
    /// EstimateSurvival over HTTP/JSON with a body of about 50 MB (the endpoint and key from SURVIVAL_HTTP and
    /// SURVIVAL_KEY, set by bench/run-ops-bench.sh): what a byte of JSON costs while the transcoder parses it.
    /// </summary>
    private static async Task JsonAsync()
    {
        var json = new System.Text.StringBuilder("{\"cohort\":{\"subjects\":[");
        var random = new Random(50);
        for (var i = 0; json.Length < 50_000_000; i++)
            json.Append(i > 0 ? "," : "").Append("{\"time\":").Append(random.Next(1, 3651)).Append(",\"event\":").Append(random.Next(3) > 0 ? "true" : "false")
                .Append(",\"group\":\"arm").Append(i % 2).Append("\"}");
        using var http = new HttpClient { BaseAddress = new Uri(Environment.GetEnvironmentVariable("SURVIVAL_HTTP")!), Timeout = TimeSpan.FromMinutes(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/survival:estimate")
        {
            Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json.Append("]}}").ToString())),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("SURVIVAL_KEY"));
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new RpcException(new Status(StatusCode.Internal, $"HTTP {(int)response.StatusCode}"));
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

    /// <summary>Registry-like columns: whole days up to ten years, three arms.</summary>
    private static Cohort Columns(int subjects, int start = 0)
    {
        var random = new Random(subjects + start);
        var columns = new SubjectColumns { GroupLabels = { "a", "b", "c" } };
        for (var i = start; i < start + subjects; i++)
        {
            columns.Time.Add(random.Next(1, 3651));
            columns.Event.Add(random.Next(3) > 0);
            columns.Group.Add((uint)(i % 3));
        }
        return new Cohort { Columns = columns };
    }

    private static async Task StreamAsync(SurvivalAnalysis.SurvivalAnalysisClient client, int subjects)
    {
        const int chunk = 65_536;
        using var call = client.AnalyzeCohortStream();
        for (var start = 0; start < subjects; start += chunk)
            await call.RequestStream.WriteAsync(new AnalyzeCohortRequest { Cohort = Columns(Math.Min(chunk, subjects - start), start) });
        await call.RequestStream.CompleteAsync();
        await call.ResponseAsync;
    }

    private static FitCoxModelRequest Cox(int subjects, int covariates)
    {
        var random = new Random(subjects);
        var columns = new SubjectColumns();
        for (var i = 0; i < subjects; i++)
        {
            columns.Time.Add(random.Next(1, 3651));
            columns.Event.Add(random.Next(3) > 0);
        }
        var request = new FitCoxModelRequest { Cohort = new Cohort { Columns = columns }, Ties = TieMethod.Breslow };
        for (var c = 0; c < covariates; c++)
        {
            columns.Covariates.Add(new NumericColumn { Name = $"x{c}", Values = { Enumerable.Range(0, subjects).Select(_ => random.NextDouble()) } });
            request.Terms.Add($"x{c}");
        }
        return request;
    }

    private static string Status(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim();
}
