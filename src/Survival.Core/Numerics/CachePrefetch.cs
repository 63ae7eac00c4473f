using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Survival.Core.Numerics;

/// <summary>
/// Asks the processor to bring an array element's cache line in while the loop works on earlier elements: the
/// per-subject sweeps of a Cox regression visit subjects by time but read and write per-rank and per-row arrays in an
/// order the hardware cannot predict, and waiting for each of those lines would otherwise dominate their cost.
/// </summary>
/// <remarks>
/// A prefetch is only a hint: it changes no value and cannot fault, so an address that the garbage collector has
/// since moved costs nothing but the wasted fetch. Without SSE (for example on ARM) it does nothing.
/// </remarks>
internal static class CachePrefetch
{
    /// <summary>Prefetches <paramref name="array"/>[<paramref name="index"/>] when the index is in range.</summary>
    public static unsafe void Element<T>(T[] array, long index) where T : unmanaged
    {
        if (Sse.IsSupported && (ulong)index < (ulong)array.LongLength) Sse.Prefetch0(Unsafe.AsPointer(ref array[index]));
    }
}
