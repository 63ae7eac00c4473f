using System.Collections.Immutable;

namespace Survival.Core.Design;

/// <summary>
/// When patients enter: uniformly within each accrual piece (a_{j−1}, a_j] (a_0 = 0) with relative intensity w_j, so that
/// a share g_j = w_j / Σ_i w_i (a_i − a_{i−1}) of the patients enters per time unit of piece j; one piece is uniform
/// accrual over (0, A]. rpact's <c>accrualTime = c(0, a_1, …)</c> with relative <c>accrualIntensity</c>.
/// </summary>
public sealed record AccrualPattern
{
    /// <summary>Accrual pieces ending at <paramref name="ends"/> with relative <paramref name="intensities"/> (empty: all 1).</summary>
    /// <exception cref="InputRuleException">Ends not increasing and > 0, or intensities not one per piece, ≥ 0 and not all 0.</exception>
    public AccrualPattern(IReadOnlyList<double> ends, IReadOnlyList<double>? intensities = null)
    {
        if (ends.Count == 0 || !double.IsFinite(ends[^1]) || !(ends[0] > 0)
            || Enumerable.Range(1, ends.Count - 1).Any(j => !(ends[j] > ends[j - 1])))
            throw new InputRuleException("accrual_ends", InputRules.AccrualRequirement);
        intensities = intensities is null || intensities.Count == 0 ? [.. Enumerable.Repeat(1.0, ends.Count)] : intensities;
        if (intensities.Count != ends.Count || !intensities.All(w => double.IsFinite(w) && w >= 0) || !intensities.Any(w => w > 0))
            throw new InputRuleException("accrual_intensities", InputRules.AccrualIntensityRequirement);
        Ends = [.. ends];
        Intensities = [.. intensities];
        var total = 0.0;
        for (var j = 0; j < ends.Count; j++) total += intensities[j] * (ends[j] - Start(j));
        Densities = [.. intensities.Select(w => w / total)];
    }

    /// <summary>Uniform accrual over (0, <paramref name="period"/>].</summary>
    public static AccrualPattern Uniform(double period) => new([period]);

    /// <summary>a_j: the end of each accrual piece, increasing.</summary>
    public ImmutableArray<double> Ends { get; }

    /// <summary>w_j: the relative intensity of each piece.</summary>
    public ImmutableArray<double> Intensities { get; }

    /// <summary>g_j: the share of all patients entering per time unit of piece j.</summary>
    public ImmutableArray<double> Densities { get; }

    /// <summary>A: when the last patient enters.</summary>
    public double Period => Ends[^1];

    /// <summary>The share of the patients entered by calendar time <paramref name="time"/>.</summary>
    public double EnteredBy(double time)
    {
        var share = 0.0;
        for (var j = 0; j < Ends.Length && time > Start(j); j++) share += Densities[j] * (Math.Min(time, Ends[j]) - Start(j));
        return Math.Min(share, 1);
    }

    /// <summary>
    /// The probability that a patient's event has been observed by calendar time <paramref name="time"/>, averaged over
    /// when patients enter (zero for those not yet entered): Σ_j g_j ∫_{max(0, T − a_j)}^{max(0, T − a_{j−1})} P_e(x) dx.
    /// </summary>
    public double EventProbabilityBy(double time, PiecewiseExponential curve, double dropout)
    {
        var probability = 0.0;
        for (var j = 0; j < Ends.Length && time > Start(j); j++)
            probability += Densities[j] * curve.IntegratedEventProbability(Math.Max(0, time - Ends[j]), time - Start(j), dropout);
        return probability;
    }

    private double Start(int j) => j == 0 ? 0 : Ends[j - 1];
}
