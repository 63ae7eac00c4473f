using System.Diagnostics;

namespace Survival.OpsBench;

/// <summary>A closed loop of a fixed number of calls in flight for a fixed time; prints calls/s and p50/p99.</summary>
internal static class Load
{
    public static async Task<double> RunAsync(string name, Func<Task> call, int inFlight, int seconds)
    {
        var latencies = new List<double>[inFlight];
        var errors = 0;
        var stop = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            while (stop.Elapsed < end)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call();
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Grpc.Core.RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var rate = all.Length / stop.Elapsed.TotalSeconds;
        Console.WriteLine($"{name}: {all.Length} calls in {stop.Elapsed.TotalSeconds:F1} s = {rate:F0}/s, "
            + $"p50 {Percentile(all, 0.50):F2} ms, p99 {Percentile(all, 0.99):F2} ms, errors {errors}");
        return rate;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
