using MathNet.Numerics.Distributions;

namespace Survival.Core.Inference;

/// <summary>A two-sided confidence level in (0, 1) and its standard-normal critical value.</summary>
/// <remarks>
/// z = Φ⁻¹(1 − (1 − level)/2), as R's <c>qnorm(1 - (1 - conf.int)/2)</c>. A class, so that no level can exist
/// without passing the check of its constructor.
/// </remarks>
public sealed record ConfidenceLevel
{
    /// <summary>The level R uses when none is given.</summary>
    public static ConfidenceLevel Default { get; } = new(0.95);

    /// <summary>Creates a level; it must lie strictly between 0 and 1.</summary>
    /// <exception cref="InputRuleException">The level is not in (0, 1).</exception>
    public ConfidenceLevel(double value)
    {
        if (!InputRules.IsConfidenceLevel(value))
            throw new InputRuleException("conf_level", InputRules.ConfidenceLevelRequirement);
        Value = value;
        Z = Normal.InvCDF(0, 1, 1 - (1 - value) / 2);
    }

    /// <summary>The level, for example 0.95.</summary>
    public double Value { get; }

    /// <summary>The standard-normal quantile at 1 − (1 − level)/2 (1.959964 for 0.95).</summary>
    public double Z { get; }
}
