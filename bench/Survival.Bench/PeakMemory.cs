namespace Survival.Bench;

/// <summary>The process's peak resident set size, VmHWM of /proc/self/status (Linux).</summary>
internal static class PeakMemory
{
    public static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]);
            return kilobytes * 1024;
        }
        throw new PlatformNotSupportedException("/proc/self/status has no VmHWM line; the peak is measured on Linux only");
    }
}
