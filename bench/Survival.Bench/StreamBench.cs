using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using Survival.V1;

namespace Survival.Bench;

/// <summary>
/// Streams a cohort to a running server as packed columns, chunk by chunk, and reads the server's memory before and
/// after: what a registry costs the server when it is counted as it arrives.
/// </summary>
internal static class StreamBench
{
    private const int ChunkSubjects = 1 << 16;

    public static async Task<string> RunAsync(BenchData data, Uri server, int serverPid)
    {
        var before = ServerMemory(serverPid);
        using var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { MaxReceiveMessageSize = null });
        var client = new SurvivalAnalysis.SurvivalAnalysisClient(channel);
        var clock = Stopwatch.StartNew();
        using var call = client.AnalyzeCohortStream();
        var times = data.Survival.Times.Span.ToArray();
        var events = data.Survival.Events.Span.ToArray();
        var labels = data.Groups.Levels;
        for (var start = 0; start < times.Length; start += ChunkSubjects)
        {
            var end = Math.Min(times.Length, start + ChunkSubjects);
            var columns = new SubjectColumns { GroupLabels = { labels } };
            columns.Time.Add(times[start..end]);
            columns.Event.Add(events[start..end]);
            for (var i = start; i < end; i++) columns.Group.Add((uint)data.Groups.Codes[i]);
            var message = new AnalyzeCohortRequest { Cohort = new Cohort { Columns = columns } };
            if (start == 0) message.Comparison = new ComparisonOptions();
            await call.RequestStream.WriteAsync(message);
        }
        await call.RequestStream.CompleteAsync();
        var response = await call;
        var seconds = clock.Elapsed.TotalSeconds;
        var after = ServerMemory(serverPid);
        var perSubject = (double)(after.Peak - before.Peak) / times.Length;
        Console.Error.WriteLine($"{response.Estimates.Groups.Count} groups; server peak {before.Peak} → {after.Peak} bytes");
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"stream_seconds\":{seconds:F3},\"server_peak_before_bytes\":{before.Peak},\"server_peak_after_bytes\":{after.Peak}," +
            $"\"server_peak_growth_bytes_per_subject\":{perSubject:F2}}}");
    }

    private static (long Peak, long Resident) ServerMemory(int pid)
    {
        long peak = 0, resident = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) * 1024;
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) resident = Kilobytes(line) * 1024;
        }
        return (peak, resident);
    }

    private static long Kilobytes(string line) => long.Parse(line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
