using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Survival.Client;
using Survival.V1;

namespace Survival.OpsBench;

/// <summary>
/// The attacks of issue 23, all at once against the published server, while a caller makes normal seven-patient
/// calls and a probe checks readiness as the kubelet does (1 s timeout): six pre-auth health and two reflection
/// decompression bombs, four 164 MB JSON calls, a caller trickling a 234 MB message, 3,000 unknown paths, 10,000
/// streams opened and reset, 2,000 idle health watches, an oversized JSON body and a 200 MB string field. Prints each
/// outcome and the figures, and exits non-zero when an expectation fails: no OutOfMemory, peak RSS under 1 GiB, no
/// probe missed, every normal call answered, the metrics' series from a closed set.
/// </summary>
internal sealed class Attacks(Uri grpcAddress, Uri httpAddress, int serverPid, string apiKey, string serverLog)
{
    private const long GiB = 1L << 30;
    private static readonly TimeSpan HogSeconds = TimeSpan.FromSeconds(40);

    private readonly ConcurrentQueue<string> _report = new();
    private readonly List<string> _failures = [];

    /// <summary>Made before the clock starts, so the bench's own work does not weigh on the server's figures.</summary>
    private readonly byte[] _bomb = GrpcOverHttp.Frame(Gzip(new byte[250_000_000]), compressed: true);
    private readonly byte[] _json = JsonCohort(targetBytes: 164_000_000);

    public async Task<int> RunAsync()
    {
        using var keyed = SurvivalChannel.Create(grpcAddress, apiKey);
        using var open = SurvivalChannel.Create(grpcAddress);
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(keyed);
        var baseline = await NormalCallsAsync(client, TimeSpan.FromSeconds(5), CancellationToken.None);
        Console.WriteLine($"before: normal calls {Figures(baseline.Latencies)}; server RSS {Rss("VmRSS:") >> 20} MiB");

        using var stop = new CancellationTokenSource();
        var normal = NormalCallsAsync(client, TimeSpan.MaxValue, stop.Token);
        var probe = ProbeAsync(new Health.HealthClient(open), stop.Token);
        var rss = SampleRssAsync(stop.Token);
        var logBefore = File.ReadAllLines(serverLog).Length;
        var clock = Stopwatch.StartNew();
        // The hog first on its own, so the budget it holds is its own; then every attack at once, the hog again among them.
        await HogAsync(alone: true);
        var attacks = new Dictionary<string, Func<Task>>
        {
            ["bombs"] = HealthBombsAsync,
            ["json"] = JsonCallsAsync,
            ["hog"] = () => HogAsync(alone: false),
            ["paths"] = UnknownPathsAsync,
            ["reset"] = RapidResetAsync,
            ["watches"] = () => IdleWatchesAsync(open),
            ["oversized"] = OversizedJsonAsync,
            ["string"] = () => LongStringAsync(keyed),
        };
        // ATTACKS=name,name runs only those (all by default).
        var chosen = Environment.GetEnvironmentVariable("ATTACKS")?.Split(',') ?? [.. attacks.Keys];
        await Task.WhenAll(chosen.Select(name => attacks[name]()));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        var during = await normal;
        var (probes, misses) = await probe;
        var meanRss = await rss;
        var log = File.ReadAllLines(serverLog).Skip(logBefore).ToArray();

        foreach (var line in _report.Order()) Console.WriteLine(line);
        Console.WriteLine($"attacks took {clock.Elapsed.TotalSeconds:F0} s; normal calls during them {Figures(during.Latencies)}, {during.Failures.Count} failed");
        foreach (var failure in during.Failures.Distinct().Take(5)) Console.WriteLine($"  normal call failed: {failure}");
        Console.WriteLine($"readiness probe: {probes} checks, {misses.Count} missed{(misses.Count > 0 ? ": " + string.Join("; ", misses.Distinct().Take(3)) : "")}");
        var peak = Rss("VmHWM:");
        Console.WriteLine($"server RSS mean {meanRss >> 20} MiB, peak (VmHWM) {peak >> 20} MiB; log lines written during the attacks: {log.Length}");
        await CheckMetricsAsync();

        Expect(!Process.GetProcessById(serverPid).HasExited, "the server is still running");
        Expect(!log.Any(l => l.Contains("OutOfMemory", StringComparison.Ordinal)), "no OutOfMemoryException in the server log");
        Expect(peak < GiB, $"peak RSS {peak >> 20} MiB under 1 GiB");
        Expect(misses.Count == 0, "the readiness probe never missed");
        Expect(during.Failures.Count == 0, "every normal call answered OK");
        Expect(P(during.Latencies, 0.99) < 1000, $"normal calls' p99 {P(during.Latencies, 0.99):F0} ms under 1 s");
        Expect(log.Count(l => l.Contains("   at ", StringComparison.Ordinal)) == 0, "no stack traces in the log");
        Expect(log.Length < 200, $"{log.Length} log lines, fewer than 200");
        foreach (var failure in _failures) Console.WriteLine($"FAILED: {failure}");
        return _failures.Count == 0 ? 0 : 1;
    }

    private void Expect(bool holds, string what)
    {
        if (!holds) _failures.Add(what);
    }

    private void Report(string attack, string outcome) => _report.Enqueue($"{attack}: {outcome}");

    /// <summary>Six pre-auth Health/Check and two reflection calls whose 243 KB gzip message inflates to 250 MB.</summary>
    private async Task HealthBombsAsync()
    {
        var bomb = _bomb;
        using var grpc = new GrpcOverHttp(grpcAddress);
        var health = Enumerable.Range(0, 6).Select(_ => grpc.CallAsync("/grpc.health.v1.Health/Check", new ByteArrayContent(bomb), encoding: "gzip"));
        var reflection = Enumerable.Range(0, 2).Select(_ =>
            grpc.CallAsync("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", new ByteArrayContent(bomb), encoding: "gzip"));
        var outcomes = await Task.WhenAll(health.Concat(reflection));
        Report($"decompression bombs ({bomb.Length / 1000} KB inflating to 250 MB), 6 health + 2 reflection, no credentials", Tally(outcomes));
        Expect(outcomes.All(o => o.Status is not ("0" or "transport error")), "every bomb refused with a status");
    }

    /// <summary>Four EstimateSurvival calls of 164 MB of JSON each, at once.</summary>
    private async Task JsonCallsAsync()
    {
        var body = _json;
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(10) }) { BaseAddress = httpAddress, Timeout = TimeSpan.FromMinutes(5) };
        var calls = Enumerable.Range(0, 4).Select(async _ =>
        {
            // As curl does with any body over 1 MiB: the server may answer before the body is sent.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/survival:estimate") { Content = new ByteArrayContent(body), Headers = { ExpectContinue = true } };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                return $"HTTP {(int)response.StatusCode} in {clock.Elapsed.TotalSeconds:F1} s{(response.IsSuccessStatusCode ? "" : " " + text[..Math.Min(text.Length, 160)])}";
            }
            catch (HttpRequestException exception)
            {
                return $"transport error {exception.Message}";
            }
        });
        var outcomes = await Task.WhenAll(calls);
        Report($"4 × {body.Length / 1_000_000} MB JSON at once", string.Join("; ", outcomes.GroupBy(o => o[..Math.Min(o.Length, 8)]).Select(g => $"{g.Count()} × {g.First()}")));
        Expect(outcomes.All(o => !o.StartsWith("HTTP 500", StringComparison.Ordinal) && !o.StartsWith("transport", StringComparison.Ordinal)), "no JSON call ended in 500 or a dropped connection");
    }

    /// <summary>An authenticated caller sends the prefix of a 234 MB message, then 300 bytes a second.</summary>
    private async Task HogAsync(bool alone)
    {
        using var grpc = new GrpcOverHttp(grpcAddress);
        using var giveUp = new CancellationTokenSource(HogSeconds);
        var head = GrpcOverHttp.Frame(new byte[64], declaredLength: 234_000_000);
        var inUse = new List<long>();
        var sampler = Task.Run(async () =>
        {
            using var http = Scraper();
            while (!giveUp.IsCancellationRequested)
            {
                inUse.Add(Gauge(await http.GetStringAsync("/metrics"), "survival_memory_budget_in_use_bytes"));
                await Task.Delay(1000);
            }
        });
        var outcome = await grpc.CallAsync("/survival.v1.SurvivalAnalysis/EstimateSurvival", new TrickleContent(head, 300, giveUp.Token), apiKey);
        await giveUp.CancelAsync();
        await sampler;
        var ended = outcome.Elapsed < HogSeconds - TimeSpan.FromSeconds(1);
        var name = alone ? "budget hog alone (234 MB declared, 300 B/s)" : "budget hog among the other attacks";
        Report(name, $"{(ended ? $"ended after {outcome.Elapsed.TotalSeconds:F1} s with {outcome}" : $"still open after {HogSeconds.TotalSeconds} s")}; "
            + $"budget in use while it trickled: at most {inUse.DefaultIfEmpty().Max() >> 20} MiB");
        Expect(ended, $"{name}: the trickling caller was ended");
        if (alone) Expect(inUse.DefaultIfEmpty().Max() < 64L << 20, "the trickling caller held under 64 MiB of the budget");
    }

    /// <summary>3,000 gRPC-typed requests to paths that name no method, without credentials.</summary>
    private async Task UnknownPathsAsync()
    {
        using var grpc = new GrpcOverHttp(grpcAddress);
        var outcomes = new ConcurrentBag<string>();
        await Parallel.ForAsync(0, 3000, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            outcomes.Add((await grpc.CallAsync($"/attacker{i}.Service/Method{i}", new ByteArrayContent(GrpcOverHttp.Frame([])))).Status));
        Report("3,000 unknown paths", string.Join(", ", outcomes.GroupBy(s => s).Select(g => $"{g.Count()} × status {g.Key}")));
    }

    /// <summary>10,000 streams opened and reset at once on 20 connections (HTTP/2 rapid reset).</summary>
    private async Task RapidResetAsync()
    {
        var authority = $"{grpcAddress.Host}:{grpcAddress.Port}";
        (string, string)[] headers = [("content-type", "application/grpc"), ("te", "trailers")];
        var opened = 0;
        await Parallel.ForAsync(0, 20, async (_, _) =>
        {
            try
            {
                await using var connection = await RawHttp2.ConnectAsync(grpcAddress.Host, grpcAddress.Port);
                for (var i = 0; i < 500; i++)
                {
                    await connection.OpenAndResetAsync("/grpc.health.v1.Health/Check", authority, headers);
                    Interlocked.Increment(ref opened);
                }
                await Task.Delay(500);
            }
            catch (IOException)
            {
                // The server closed the connection (ENHANCE_YOUR_CALM): the rest of its resets were not sent.
            }
        });
        Report("HTTP/2 rapid reset (20 connections × 500 streams)", $"{opened} streams opened and reset before the server closed the connections");
    }

    /// <summary>2,000 health watches opened without credentials and left idle.</summary>
    private async Task IdleWatchesAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        var health = new Health.HealthClient(channel);
        using var cancel = new CancellationTokenSource();
        var watches = Enumerable.Range(0, 2000).Select(async _ =>
        {
            try
            {
                using var watch = health.Watch(new HealthCheckRequest(), cancellationToken: cancel.Token);
                while (await watch.ResponseStream.MoveNext(cancel.Token))
                {
                }
                return "ended OK";
            }
            catch (RpcException exception)
            {
                return exception.StatusCode == StatusCode.Cancelled && cancel.IsCancellationRequested ? "open until the client left" : exception.StatusCode.ToString();
            }
        }).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();
        var outcomes = await Task.WhenAll(watches);
        Report("2,000 idle health watches, no credentials", string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Count()} × {g.Key}")));
    }

    /// <summary>A JSON body whose Content-Length says 300 MB, sent slowly: refused from its length alone.</summary>
    private async Task OversizedJsonAsync()
    {
        // Waits for the server's answer before sending the body, as curl does (for 1 s by default) with any body over 1 MiB.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = httpAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/survival:estimate")
        {
            Content = new DeclaredLengthContent(new TrickleContent("{\"cohort\":"u8.ToArray(), 1000, stop.Token), 300_000_000),
            Headers = { ExpectContinue = true },
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, stop.Token);
            Report("JSON body declaring 300 MB", $"HTTP {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s");
            Expect(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, "an oversized JSON body gets 413");
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            Report("JSON body declaring 300 MB", $"no answer: {exception.GetType().Name} ({exception.InnerException?.Message ?? exception.Message}) after {clock.Elapsed.TotalSeconds:F1} s");
            _failures.Add("an oversized JSON body gets 413");
        }
    }

    /// <summary>A seven-patient estimate whose time_unit is a 200 MB string.</summary>
    private async Task LongStringAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        var request = SevenPatients();
        request.Cohort.TimeUnit = new string('d', 200_000_000);
        try
        {
            await new SurvivalAnalysis.SurvivalAnalysisClient(channel).EstimateSurvivalAsync(request);
            Report("200 MB time_unit", "accepted");
            _failures.Add("a 200 MB string field is refused");
        }
        catch (RpcException exception)
        {
            Report("200 MB time_unit", $"{exception.StatusCode} ({exception.Status.Detail[..Math.Min(exception.Status.Detail.Length, 120)]})");
            Expect(exception.StatusCode is StatusCode.InvalidArgument or StatusCode.ResourceExhausted, "a 200 MB string field is refused");
        }
    }

    /// <summary>After the attacks: the call counter's series all name real methods, and the real series are there.</summary>
    private async Task CheckMetricsAsync()
    {
        using var http = Scraper();
        var series = (await http.GetStringAsync("/metrics")).Split('\n').Where(l => l.StartsWith("survival_rpc_calls_total{", StringComparison.Ordinal)).ToArray();
        var attacker = series.Count(l => l.Contains("attacker", StringComparison.Ordinal));
        Console.WriteLine($"metrics: {series.Length} series of survival_rpc_calls_total, {attacker} naming an attacker's path");
        Expect(attacker == 0, "no metric series names an attacker's path");
        Expect(series.Any(l => l.Contains("EstimateSurvival", StringComparison.Ordinal) && l.Contains("status_code=\"0\"", StringComparison.Ordinal)), "the real EstimateSurvival OK series is kept");
    }

    private HttpClient Scraper()
    {
        var http = new HttpClient { BaseAddress = httpAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    private static long Gauge(string scrape, string name) =>
        scrape.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty().Max();

    private sealed record NormalCalls(List<double> Latencies, List<string> Failures);

    /// <summary>Seven-patient estimates one after another, 5 a second, each with a 10 s deadline.</summary>
    private static async Task<NormalCalls> NormalCallsAsync(SurvivalAnalysis.SurvivalAnalysisClient client, TimeSpan duration, CancellationToken stop)
    {
        var calls = new NormalCalls([], []);
        var clock = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested && clock.Elapsed < duration)
        {
            var call = Stopwatch.StartNew();
            try
            {
                var response = await client.EstimateSurvivalAsync(SevenPatients(), deadline: DateTime.UtcNow.AddSeconds(10));
                if (response.Groups.Single().Median.Time != 14) calls.Failures.Add("wrong median");
                calls.Latencies.Add(call.Elapsed.TotalMilliseconds);
            }
            catch (RpcException exception)
            {
                calls.Failures.Add($"{exception.StatusCode} after {call.Elapsed.TotalSeconds:F1} s: {exception.Status.Detail}");
            }
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return calls;
    }

    /// <summary>grpc.health.v1.Health/Check every second with the kubelet's default 1 s timeout.</summary>
    private static async Task<(int Probes, List<string> Misses)> ProbeAsync(Health.HealthClient health, CancellationToken stop)
    {
        var (probes, misses) = (0, new List<string>());
        while (!stop.IsCancellationRequested)
        {
            probes++;
            var clock = Stopwatch.StartNew();
            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(1));
                if (response.Status != HealthCheckResponse.Types.ServingStatus.Serving) misses.Add(response.Status.ToString());
            }
            catch (RpcException exception)
            {
                misses.Add($"{exception.StatusCode} after {clock.Elapsed.TotalMilliseconds:F0} ms");
            }
            try
            {
                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return (probes, misses);
    }

    private async Task<long> SampleRssAsync(CancellationToken stop)
    {
        var samples = new List<long>();
        while (!stop.IsCancellationRequested)
        {
            samples.Add(Rss("VmRSS:"));
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return samples.Count == 0 ? 0 : (long)samples.Average();
    }

    private long Rss(string field) =>
        long.Parse(File.ReadLines($"/proc/{serverPid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..^2].Trim(),
            System.Globalization.CultureInfo.InvariantCulture) * 1024;

    private static string Figures(List<double> latencies) =>
        latencies.Count == 0 ? "none answered" : $"{latencies.Count} calls, p50 {P(latencies, 0.5):F1} ms, p99 {P(latencies, 0.99):F1} ms, max {latencies.Max():F1} ms";

    private static double P(List<double> values, double p)
    {
        if (values.Count == 0) return double.PositiveInfinity;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    private static string Tally(IEnumerable<CallOutcome> outcomes) =>
        string.Join("; ", outcomes.GroupBy(o => o.ToString()).Select(g => $"{g.Count()} × {g.Key} in ≤ {g.Max(o => o.Elapsed.TotalSeconds):F1} s"));

    private static EstimateSurvivalRequest SevenPatients()
    {
        var request = new EstimateSurvivalRequest { Cohort = new Cohort() };
        foreach (var (time, died) in new[] { (9.0, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false) })
            request.Cohort.Subjects.Add(new Subject { Time = time, Event = died });
        return request;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(data);
        return output.ToArray();
    }

    /// <summary>The JSON API's cohort of subjects, about <paramref name="targetBytes"/> long.</summary>
    private static byte[] JsonCohort(int targetBytes)
    {
        var json = new StringBuilder(targetBytes + 100).Append("{\"cohort\":{\"subjects\":[");
        var random = new Random(23);
        for (var i = 0; json.Length < targetBytes; i++)
        {
            if (i > 0) json.Append(',');
            json.Append("{\"time\":").Append(random.Next(1, 3650)).Append(",\"event\":").Append(random.Next(3) > 0 ? "true" : "false")
                .Append(",\"group\":\"arm").Append(i % 2).Append("\"}");
        }
        return Encoding.UTF8.GetBytes(json.Append("]}}").ToString());
    }
}

/// <summary>Content that claims a length it never reaches: the server must refuse it from the header alone.</summary>
internal sealed class DeclaredLengthContent(HttpContent inner, long declared) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => inner.CopyToAsync(stream);

    protected override bool TryComputeLength(out long length)
    {
        length = declared;
        return true;
    }
}
