using System.Diagnostics;
using System.Globalization;
using Survival.Core.Counting;
using Survival.Core.Cox;

namespace Survival.Bench;

/// <summary>
/// The group Cox model (Efron) fitted many times in one process on one counting table: the steadiest figures on a
/// shared machine are the fastest fit and the CPU time and bytes allocated per fit, which a one-off run hides.
/// </summary>
internal static class CoxFits
{
    /// <summary>One JSON line: the minimum and median wall milliseconds, CPU milliseconds and allocated bytes per fit.</summary>
    public static string Run(BenchData data, int fits)
    {
        var counts = CountingTable.FromSubjects(data.Survival, data.Groups);
        for (var i = 0; i < 5; i++) CoxProportionalHazards.Fit(counts, stratified: false, TieMethod.Efron);
        GC.Collect();
        var wall = new double[fits];
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = new Stopwatch();
        for (var i = 0; i < fits; i++)
        {
            clock.Restart();
            CoxProportionalHazards.Fit(counts, stratified: false, TieMethod.Efron);
            wall[i] = clock.Elapsed.TotalMilliseconds;
        }
        var bytes = (GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / fits;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / fits;
        Array.Sort(wall);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"fits\":{fits},\"cox_min_ms\":{wall[0]:F3},\"cox_median_ms\":{wall[fits / 2]:F3},\"cox_cpu_ms\":{cpu:F3},\"cox_bytes\":{bytes}}}");
    }
}
