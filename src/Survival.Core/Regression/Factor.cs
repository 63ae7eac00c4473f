using System.Collections.Immutable;

namespace Survival.Core.Regression;

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

        return new Factor(levels.Own(), provisional.Own());
    }

    /// <summary>The labels of <paramref name="rows"/>, in that order, with the same levels (a level may then code no row).</summary>
    internal Factor Select(int[] rows) => this with { Codes = [.. rows.Select(i => Codes[i])] };

    /// <summary>The positions of the subjects at each level, in their original order.</summary>
    public int[][] IndicesByLevel()
    {
        var subjects = SubjectsByLevel(Codes.AsSpan(), LevelCount, out var starts);
        var indices = new int[LevelCount][];
        for (var level = 0; level < LevelCount; level++) indices[level] = subjects[starts[level]..starts[level + 1]];
        return indices;
    }

    /// <summary>
    /// The positions of the subjects sorted by code (a stable counting sort): those with code c are
    /// <c>subjects[starts[c] .. starts[c + 1]]</c>, in their original order.
    /// </summary>
    internal static int[] SubjectsByLevel(ReadOnlySpan<int> codes, int levelCount, out int[] starts)
    {
        starts = new int[levelCount + 1];
        foreach (var code in codes) starts[code + 1]++;
        for (var level = 0; level < levelCount; level++) starts[level + 1] += starts[level];
        var filled = starts[..^1];
        var subjects = new int[codes.Length];
        for (var i = 0; i < codes.Length; i++) subjects[filled[codes[i]]++] = i;
        return subjects;
    }

    /// <summary>Checks that the factor codes <paramref name="count"/> subjects, each with a valid level.</summary>
    /// <exception cref="InputRuleException">The lengths differ or a code is not a level's index.</exception>
    internal void CheckCodes(int count, string input)
    {
        if (Codes.Length != count)
            throw new InputRuleException(input, $"must give one label per subject: it has {Codes.Length} for {count} subjects");
        for (var i = 0; i < Codes.Length; i++)
        {
            if ((uint)Codes[i] >= (uint)LevelCount) throw new InputRuleException($"{input}[{i}]", "must be the index of a level");
        }
    }
}
