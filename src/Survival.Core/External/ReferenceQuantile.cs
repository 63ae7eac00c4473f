namespace Survival.Core.External;

/// <summary>Times by which a reference curve has fallen to a given survival, for reporting the reference's median.</summary>
public static class ReferenceQuantile
{
    /// <summary>
    /// The first t with S₀(t) ≤ <paramref name="survival"/>, to a relative precision of 10⁻¹², found by doubling an upper
    /// bound and then bisecting (Λ₀ is non-decreasing); null when the curve stays above it (up to 1000 times the
    /// last data point of a curve given by points, or up to the largest double).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The survival is not in (0, 1).</exception>
    public static double? Time(IReferenceCurve reference, double survival = 0.5)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!(survival > 0 && survival < 1)) throw new ArgumentOutOfRangeException(nameof(survival), survival, "must be in (0, 1)");
        var target = -Math.Log(survival);
        var limit = reference.LastTime is { } last && last > 0 ? 1000 * last : double.MaxValue;
        var high = reference.LastTime is { } end && end > 0 ? end : 1.0;
        while (!(reference.CumulativeHazard(high) >= target))
        {
            if (high >= limit) return null;
            high = Math.Min(2 * high, limit);
        }
        var low = 0.0;
        while (high - low > 1e-12 * high)
        {
            var middle = (low + high) / 2;
            if (reference.CumulativeHazard(middle) >= target) high = middle;
            else low = middle;
        }
        return high;
    }
}
