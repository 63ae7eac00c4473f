using MathNet.Numerics;

namespace Survival.Core.Design;

/// <summary>Exponential loss to follow-up in each arm, as hazards φ (per time unit).</summary>
public sealed record Dropout(double Treatment, double Control)
{
    /// <summary>No dropout.</summary>
    public static Dropout None { get; } = new(0, 0);

    /// <summary>
    /// The hazards that lose <paramref name="treatmentRate"/> and <paramref name="controlRate"/> of each arm by
    /// <paramref name="time"/>: φ = −log(1 − rate)/time (rpact's <c>dropoutRate1</c>, <c>dropoutRate2</c>, <c>dropoutTime</c>).
    /// </summary>
    /// <exception cref="InputRuleException">A rate outside [0, 1) or a time that is not finite and > 0.</exception>
    public static Dropout FromRates(double treatmentRate, double controlRate, double time)
    {
        if (!InputRules.IsDropoutRate(treatmentRate)) throw new InputRuleException("dropout_treatment", InputRules.DropoutRateRequirement);
        if (!InputRules.IsDropoutRate(controlRate)) throw new InputRuleException("dropout_control", InputRules.DropoutRateRequirement);
        if (!InputRules.IsRate(time)) throw new InputRuleException("dropout_time", InputRules.TauRequirement);
        return new Dropout(-SpecialFunctions.Log1p(-treatmentRate) / time, -SpecialFunctions.Log1p(-controlRate) / time);
    }
}
