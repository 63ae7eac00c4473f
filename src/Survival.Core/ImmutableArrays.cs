using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Survival.Core;

internal static class ImmutableArrays
{
    /// <summary>
    /// Wraps a freshly built array that nothing else references, without a copy; the result is immutable because the
    /// array never escapes elsewhere.
    /// </summary>
    public static ImmutableArray<T> Own<T>(this T[] values) => ImmutableCollectionsMarshal.AsImmutableArray(values);
}
