namespace Survival.Core.GroupTests;

/// <summary>Multiplicity adjustment of p-values, equal to R's <c>p.adjust(p, method)</c>.</summary>
internal static class PValueAdjust
{
    /// <summary>Adjusts the p-values that are present; absent ones stay absent and do not count.</summary>
    /// <remarks>
    /// With the m present p-values sorted increasingly, p₍₁₎ ≤ … ≤ p₍ₘ₎:
    /// <code>
    /// Bonferroni  min(1, m·p)
    /// Holm        p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1)·p₍ⱼ₎)
    /// BH          p̃₍ᵢ₎ = min(1, min_{j ≥ i} (m/j)·p₍ⱼ₎)
    /// </code>
    /// As R, a single p-value is returned unchanged.
    /// </remarks>
    public static double?[] Adjust(IReadOnlyList<double?> pValues, PValueAdjustment method)
    {
        var present = Enumerable.Range(0, pValues.Count).Where(i => pValues[i] is not null).ToArray();
        var m = present.Length;
        var adjusted = pValues.ToArray();
        if (m <= 1 || method == PValueAdjustment.None) return adjusted;

        // A stable sort by p, as R's order().
        var sorted = present.OrderBy(i => pValues[i]!.Value).ToArray();
        switch (method)
        {
            case PValueAdjustment.Bonferroni:
                foreach (var i in present) adjusted[i] = Math.Min(1, m * pValues[i]!.Value);
                break;
            case PValueAdjustment.Holm:
                var running = 0.0;
                for (var rank = 0; rank < m; rank++)
                {
                    running = Math.Max(running, (m - rank) * pValues[sorted[rank]]!.Value);
                    adjusted[sorted[rank]] = Math.Min(1, running);
                }
                break;
            case PValueAdjustment.BenjaminiHochberg:
                var smallest = double.PositiveInfinity;
                for (var rank = m - 1; rank >= 0; rank--)
                {
                    smallest = Math.Min(smallest, (double)m / (rank + 1) * pValues[sorted[rank]]!.Value);
                    adjusted[sorted[rank]] = Math.Min(1, smallest);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "unknown p-value adjustment");
        }
        return adjusted;
    }
}
