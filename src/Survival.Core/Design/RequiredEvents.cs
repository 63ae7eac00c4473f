using MathNet.Numerics.Distributions;

namespace Survival.Core.Design;

/// <summary>The events a two-arm log-rank comparison needs for a power, and the power of a number of events.</summary>
/// <remarks>
/// With allocation r (patients on treatment per patient on control), hazard ratio Δ (treatment over control) and
/// z_a = Φ⁻¹(1 − a), the log-rank statistic is approximately normal with unit variance and mean √D θ, where
/// <code>
/// Schoenfeld (1981)        θ = √r / (1 + r) · log Δ
/// Freedman (1982)          θ = √r (Δ − 1) / (1 + r Δ)
/// Hsieh (1992)–Freedman    θ = 2√r / (1 + r) · (Δ − 1) / (Δ + 1)
/// D     = (z_{α/s} + z_β)² / θ²                                (s = 1 or 2 sides)
/// power = Φ(√D |θ| − z_{α/s}) + [s = 2] Φ(−√D |θ| − z_{α/2})
/// </code>
/// which is rpact's <c>getSampleSizeSurvival</c> (<c>.getEventsFixed</c>, with <c>twoSidedPower = FALSE</c>) and
/// <c>getPowerSurvival</c> of a one-stage design (one-sided power in the direction of Δ; the two-sided power counts
/// both tails). Schoenfeld's form is the log hazard ratio's; Freedman's counts the expected share of events per arm and
/// needs more events for the same Δ.
/// </remarks>
public static class RequiredEvents
{
    /// <summary>The drift θ per √event of the log-rank statistic.</summary>
    public static double Drift(EventsFormula formula, double hazardRatio, double allocationRatio)
    {
        var r = allocationRatio;
        return formula switch
        {
            EventsFormula.Schoenfeld => Math.Sqrt(r) / (1 + r) * Math.Log(hazardRatio),
            EventsFormula.Freedman => Math.Sqrt(r) * (hazardRatio - 1) / (1 + r * hazardRatio),
            EventsFormula.HsiehFreedman => 2 * Math.Sqrt(r) / (1 + r) * (hazardRatio - 1) / (hazardRatio + 1),
            _ => throw new ArgumentOutOfRangeException(nameof(formula)),
        };
    }

    /// <summary>The events D for <paramref name="power"/>.</summary>
    public static double For(EventsFormula formula, double hazardRatio, double allocationRatio, Significance significance, double power)
    {
        var theta = Drift(formula, hazardRatio, allocationRatio);
        var z = significance.CriticalValue + Normal.InvCDF(0, 1, power);
        return z * z / (theta * theta);
    }

    /// <summary>The power of <paramref name="events"/> events.</summary>
    public static double Power(EventsFormula formula, double hazardRatio, double allocationRatio, Significance significance, double events)
    {
        var shift = Math.Sqrt(events) * Math.Abs(Drift(formula, hazardRatio, allocationRatio));
        var z = significance.CriticalValue;
        return Normal.CDF(0, 1, shift - z) + (significance.Sides == 2 ? Normal.CDF(0, 1, -shift - z) : 0);
    }
}
