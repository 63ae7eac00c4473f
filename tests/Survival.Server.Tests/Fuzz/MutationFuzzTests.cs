using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Survival.Server.Tests.Operations;

namespace Survival.Server.Tests.Fuzz;

/// <summary>
/// A mutation fuzzer over every RPC and every HTTP/JSON route, against the server as an operator runs it (its own
/// process, real Kestrel, default settings): thousands of mutated requests from a fixed seed, each answered only
/// OK, INVALID_ARGUMENT or — where a limit applies — RESOURCE_EXHAUSTED (HTTP 200, 400, 429), never UNKNOWN or
/// INTERNAL; the server serves the health check afterwards. <c>SURVIVAL_FUZZ_CASES</c> sets the cases per RPC
/// (default 500) for a longer run.
/// </summary>
public sealed class MutationFuzzTests(FuzzServer server) : IClassFixture<FuzzServer>
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("SURVIVAL_FUZZ_CASES"), out var n) ? n : 500;

    private static readonly StatusCode[] Allowed = [StatusCode.OK, StatusCode.InvalidArgument, StatusCode.ResourceExhausted];

    public static TheoryData<string> UnaryRpcs =>
        ["EstimateSurvival", "CompareGroups", "RenderSurvivalPlot", "AnalyzeCohort", "FitCoxModel", "ReconstructCohort", "CompareExternal", "PoolStudies"];

    public static TheoryData<string, string> JsonRoutes => new()
    {
        { "EstimateSurvival", "/v1/survival:estimate" },
        { "CompareGroups", "/v1/survival:compare" },
        { "RenderSurvivalPlot", "/v1/survival:plot" },
        { "AnalyzeCohort", "/v1/survival:analyze" },
        { "FitCoxModel", "/v1/survival:cox" },
        { "ReconstructCohort", "/v1/survival:reconstruct" },
        { "CompareExternal", "/v1/survival:compare-external" },
        { "PoolStudies", "/v1/survival:pool" },
    };

    [Theory]
    [MemberData(nameof(UnaryRpcs))]
    public async Task Mutated_requests_get_only_ok_invalid_argument_or_resource_exhausted(string rpc)
    {
        // Arrange
        var seeds = Seeds(rpc);
        var method = new Method<byte[], byte[]>(MethodType.Unary, Service, rpc, Bytes, Bytes);
        var invoker = server.Process.Channel.CreateCallInvoker();

        // Act
        var outcomes = await RunAsync(Cases, number => FuzzCase.Unary(rpc, seeds, number), async fuzz =>
            await invoker.AsyncUnaryCall(method, null, Options(), fuzz.Messages[0]).ResponseAsync);

        // Assert
        await AssertOnlyAllowedAsync(outcomes);
    }

    [Fact]
    public async Task Mutated_streams_get_only_ok_invalid_argument_or_resource_exhausted()
    {
        // Arrange
        var seeds = FuzzSeeds.AnalyzeStreams();
        var method = new Method<byte[], byte[]>(MethodType.ClientStreaming, Service, "AnalyzeCohortStream", Bytes, Bytes);
        var invoker = server.Process.Channel.CreateCallInvoker();

        // Act
        var outcomes = await RunAsync(Cases, number => FuzzCase.Stream("AnalyzeCohortStream", seeds, number), async fuzz =>
        {
            using var call = invoker.AsyncClientStreamingCall(method, null, Options());
            try
            {
                foreach (var message in fuzz.Messages) await call.RequestStream.WriteAsync(message);
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
                // The server ended the call before the last message (its status is read below).
            }
            return await call.ResponseAsync;
        });

        // Assert
        await AssertOnlyAllowedAsync(outcomes);
    }

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task Mutated_json_gets_only_200_400_or_429(string rpc, string route)
    {
        // Arrange: the same mutations, read as the JSON API's body; a fifth of the cases as text cut or spliced.
        var seeds = Seeds(rpc);
        using var http = new HttpClient { BaseAddress = server.Process.HttpAddress, Timeout = CallTimeout };
        var outcomes = new ConcurrentBag<(FuzzCase Case, string Outcome)>();

        // Act
        await Parallel.ForAsync(0, Math.Max(1, Cases / 5), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (number, _) =>
        {
            var (fuzz, json) = JsonCase(rpc, seeds, number);
            using var response = await http.PostAsync(route, new StringContent(json, Encoding.UTF8, "application/json"));
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests))
                outcomes.Add((fuzz, $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"));
        });

        // Assert
        await AssertOnlyAllowedAsync([.. outcomes]);
    }

    private const string Service = "survival.v1.SurvivalAnalysis";

    /// <summary>Calls in flight at once: enough to exercise the memory budget's queue, few enough for two shared cores.</summary>
    private const int InFlight = 4;

    /// <summary>Far longer than any mutated seven-patient request may take; a call that needs it is a finding.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private static CallOptions Options() => new(deadline: DateTime.UtcNow + CallTimeout);

    private static IReadOnlyList<IMessage> Seeds(string rpc) => rpc switch
    {
        "EstimateSurvival" => FuzzSeeds.Estimate(),
        "CompareGroups" => FuzzSeeds.Compare(),
        "RenderSurvivalPlot" => FuzzSeeds.Plot(),
        "AnalyzeCohort" => FuzzSeeds.Analyze(),
        "FitCoxModel" => FuzzSeeds.Cox(),
        "ReconstructCohort" => FuzzSeeds.Reconstruct(),
        "CompareExternal" => FuzzSeeds.CompareExternal(),
        "PoolStudies" => FuzzSeeds.Pool(),
        _ => throw new ArgumentOutOfRangeException(nameof(rpc), rpc, "no seeds"),
    };

    /// <summary>Runs every case, a few at a time, and keeps those whose status is not allowed.</summary>
    private static async Task<IReadOnlyList<(FuzzCase Case, string Outcome)>> RunAsync(
        int count, Func<int, FuzzCase> make, Func<FuzzCase, Task<byte[]>> call)
    {
        var failures = new ConcurrentBag<(FuzzCase, string)>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (number, _) =>
        {
            var fuzz = make(number);
            try
            {
                await call(fuzz);
            }
            catch (RpcException exception) when (Allowed.Contains(exception.StatusCode))
            {
            }
            catch (RpcException exception)
            {
                failures.Add((fuzz, $"{exception.StatusCode}: {exception.Status.Detail}"));
            }
        });
        return [.. failures];
    }

    private async Task AssertOnlyAllowedAsync(IReadOnlyList<(FuzzCase Case, string Outcome)> failures)
    {
        // The server's last log lines (exception types only, never data) say what failed, or why it died.
        var log = string.Join("\n", server.Process.Output.Split('\n').TakeLast(40));
        var report = string.Join("\n", failures.OrderBy(f => f.Case.Number).Take(20).Select(f => $"{f.Outcome} ← {f.Case}"));
        Assert.True(failures.Count == 0, $"{failures.Count} mutated requests got a status that is not allowed:\n{report}\nserver log:\n{log}");
        try
        {
            var health = await new Health.HealthClient(server.Process.Channel)
                .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        }
        catch (RpcException exception)
        {
            Assert.Fail($"the server no longer answers the health check ({exception.StatusCode}); its log:\n{log}");
        }
    }

    private static (FuzzCase Case, string Json) JsonCase(string rpc, IReadOnlyList<IMessage> seeds, int number)
    {
        var fuzz = FuzzCase.Unary(rpc, seeds, number);
        var random = new Random(FuzzCase.Seed + number);
        IMessage message;
        try
        {
            message = seeds[0].Descriptor.Parser.ParseFrom(fuzz.Messages[0]);
        }
        catch (InvalidProtocolBufferException)
        {
            message = seeds[number % seeds.Count];
        }
        var json = JsonFormatter.Default.Format(message);
        if (random.Next(5) != 0) return (fuzz, json);
        var at = random.Next(json.Length);
        var spliced = random.Next(3) switch
        {
            0 => json[..at],
            1 => json.Insert(at, "{}[]\",:-1e999NaN\\u00"[random.Next(20)..][..1]),
            _ => json.Insert(at, json[at..Math.Min(json.Length, at + random.Next(1, 40))]),
        };
        return (fuzz with { Description = $"{fuzz.Description}; JSON spliced at {at}" }, spliced);
    }
}

/// <summary>The server process the fuzzer runs against, started once for all its cases.</summary>
public sealed class FuzzServer : IAsyncLifetime
{
    public ServerProcess Process { get; private set; } = null!;

    public async Task InitializeAsync() => Process = await ServerProcess.StartAsync();

    public Task DisposeAsync()
    {
        Process.Dispose();
        return Task.CompletedTask;
    }
}
