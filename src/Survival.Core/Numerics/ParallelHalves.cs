namespace Survival.Core.Numerics;

/// <summary>
/// Runs a loop over [0, n) as two halves side by side when n is large, for the per-subject passes of a Cox regression
/// whose iterations are independent. Always two halves, whatever the processor count, so that sums taken by halves
/// round the same on every machine.
/// </summary>
internal static class ParallelHalves
{
    /// <summary>The smallest loop that is cut in two; below it a thread costs more than it saves.</summary>
    public const int Threshold = 1 << 15;

    /// <summary>Calls <paramref name="body"/>(half, from, to) for [0, n/2) and [n/2, n), or once as (0, 0, n) for a small n.</summary>
    public static void Run(int n, Action<int, int, int> body)
    {
        if (n < Threshold)
        {
            body(0, 0, n);
            return;
        }
        var middle = n / 2;
        Parallel.Invoke(() => body(0, 0, middle), () => body(1, middle, n));
    }
}
