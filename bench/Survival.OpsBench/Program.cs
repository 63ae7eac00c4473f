using Grpc.Core;
using Survival.Client;
using Survival.OpsBench;
using Survival.V1;

// usage: Survival.OpsBench memory <grpc-address> <server-pid> <api-key> [kind,kind,... [count]]
//        Survival.OpsBench load <grpc-address> [api-key] [in-flight] [seconds]
var mode = args[0];
var address = new Uri(args[1]);
if (mode == "memory")
{
    using var channel = SurvivalChannel.Create(address, args[3]);
    var kinds = args.Length > 4 ? args[4].Split(',') : HeavyCalls.Mix;
    await HeavyCalls.RunAsync(new SurvivalAnalysis.SurvivalAnalysisClient(channel), int.Parse(args[2]), kinds, args.Length > 5 ? int.Parse(args[5]) : 16);
}
else
{
    var key = args.Length > 2 ? args[2] : null;
    var inFlight = args.Length > 3 ? int.Parse(args[3]) : 256;
    var seconds = args.Length > 4 ? int.Parse(args[4]) : 10;
    using var channel = SurvivalChannel.Create(address, key);
    var survival = new SurvivalAnalysis.SurvivalAnalysisClient(channel);
    // grpc.health.v1.Health/Check with an empty request, as raw bytes: the probe's own call.
    var bytes = Marshallers.Create<byte[]>(b => b, b => b);
    var check = new Method<byte[], byte[]>(MethodType.Unary, "grpc.health.v1.Health", "Check", bytes, bytes);
    var invoker = channel.CreateCallInvoker();
    var request = new EstimateSurvivalRequest { Cohort = new Cohort() };
    foreach (var (time, died) in new[] { (9.0, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false) })
        request.Cohort.Subjects.Add(new Subject { Time = time, Event = died });

    await Load.RunAsync("warm-up", () => survival.EstimateSurvivalAsync(request).ResponseAsync, inFlight, 2);
    var healthRun = await Load.RunAsync("health", () => invoker.AsyncUnaryCall(check, null, new CallOptions(), []).ResponseAsync, inFlight, seconds);
    var estimateRun = await Load.RunAsync("estimate", () => survival.EstimateSurvivalAsync(request).ResponseAsync, inFlight, seconds);
    Console.WriteLine($"throughput ratio estimate/health: {estimateRun / healthRun:F3}");
}
