using Google.Protobuf;
using Grpc.Core;
using Survival.Client;
using Survival.OpsBench;
using Survival.V1;

// usage: Survival.OpsBench memory <grpc-address> <server-pid> <api-key> [kind,kind,... [count]]
//        Survival.OpsBench bodies <directory>      (the request bodies of bench/run-ops-bench.sh load)
//        Survival.OpsBench attacks <grpc-address> <http-address> <server-pid> <api-key> <server-log>
var mode = args[0];
if (mode == "attacks")
{
    return await new Attacks(new Uri(args[1]), new Uri(args[2]), int.Parse(args[3]), args[4], args[5]).RunAsync();
}
if (mode == "memory")
{
    var address = new Uri(args[1]);
    using var channel = SurvivalChannel.Create(address, args[3]);
    var kinds = args.Length > 4 ? args[4].Split(',') : HeavyCalls.Mix;
    await HeavyCalls.RunAsync(new SurvivalAnalysis.SurvivalAnalysisClient(channel), int.Parse(args[2]), kinds, args.Length > 5 ? int.Parse(args[5]) : 16);
}
else if (mode == "bodies")
{
    // The two calls of the load figure as gRPC-framed request bodies for h2load: the seven-patient estimate, and
    // grpc.health.v1.Health/Check with an empty request, the probe's own call.
    var request = new EstimateSurvivalRequest { Cohort = new Cohort() };
    foreach (var (time, died) in new[] { (9.0, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false) })
        request.Cohort.Subjects.Add(new Subject { Time = time, Event = died });
    var directory = args[1];
    File.WriteAllBytes(Path.Combine(directory, "estimate.bin"), Framed(request.ToByteArray()));
    File.WriteAllBytes(Path.Combine(directory, "health.bin"), Framed([]));
}
return 0;

/// <summary>One uncompressed gRPC message: flag 0, the big-endian length, the bytes.</summary>
static byte[] Framed(byte[] message)
{
    var framed = new byte[5 + message.Length];
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1), message.Length);
    message.CopyTo(framed, 5);
    return framed;
}
