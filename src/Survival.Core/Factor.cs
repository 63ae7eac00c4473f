using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Survival.Core;

/// <summary>
/// Labels coded as integers with their distinct levels in the order R's <c>factor()</c> gives them,
/// so that groups and strata appear, and the first group serves as reference, exactly as in R.
/// </summary>
/// <param name="Levels">The distinct labels, sorted as R sorts strings.</param>
/// <param name="Codes">For each subject, the index of its label in <paramref name="Levels"/>.</param>
public sealed record Factor(ImmutableArray<string> Levels, ImmutableArray<int> Codes)
{
    /// <summary>
    /// R's default string order: ICU's root collation (R 4.x in any locale but C), which .NET's invariant culture
    /// also uses; strings it deems equal fall back to ordinal order so the order is total.
    /// </summary>
    public static IComparer<string> LevelOrder { get; } = Comparer<string>.Create((a, b) =>
    {
        var byCollation = StringComparer.InvariantCulture.Compare(a, b);
        return byCollation != 0 ? byCollation : string.CompareOrdinal(a, b);
    });

    /// <summary>The number of levels.</summary>
    public int LevelCount => Levels.Length;

    /// <summary>Codes <paramref name="labels"/> by their sorted distinct values.</summary>
    public static Factor Create(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var firstSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        var provisional = new int[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i] ?? throw new ArgumentNullException(nameof(labels), $"labels[{i}] is null");
            if (!firstSeen.TryGetValue(label, out var code))
            {
                code = firstSeen.Count;
                firstSeen.Add(label, code);
            }
            provisional[i] = code;
        }

        var levels = firstSeen.Keys.ToArray();
        Array.Sort(levels, LevelOrder);
        var rank = new int[levels.Length];
        for (var sorted = 0; sorted < levels.Length; sorted++) rank[firstSeen[levels[sorted]]] = sorted;
        for (var i = 0; i < provisional.Length; i++) provisional[i] = rank[provisional[i]];

        return new Factor(
            ImmutableCollectionsMarshal.AsImmutableArray(levels),
            ImmutableCollectionsMarshal.AsImmutableArray(provisional));
    }

    /// <summary>The positions of the subjects at each level, in their original order.</summary>
    public int[][] IndicesByLevel()
    {
        var counts = new int[LevelCount];
        foreach (var code in Codes) counts[code]++;
        var indices = new int[LevelCount][];
        for (var level = 0; level < LevelCount; level++) indices[level] = new int[counts[level]];
        Array.Clear(counts);
        for (var i = 0; i < Codes.Length; i++) indices[Codes[i]][counts[Codes[i]]++] = i;
        return indices;
    }
}
