namespace Survival.Core.External;

/// <summary>An exponential reference: a constant hazard, Λ₀(t) = λt, S₀(t) = e^(−λt).</summary>
public sealed record ExponentialReference : IReferenceCurve
{
    /// <summary>The reference with hazard rate <paramref name="rate"/> per unit of time.</summary>
    /// <exception cref="InputRuleException">The rate is not finite and > 0.</exception>
    public ExponentialReference(double rate)
    {
        if (!(double.IsFinite(rate) && rate > 0)) throw new InputRuleException("rate", ReferenceRules.PositiveRequirement);
        Rate = rate;
    }

    /// <summary>λ.</summary>
    public double Rate { get; }

    /// <summary>The exponential curve whose median is <paramref name="median"/>: λ = ln 2 / median.</summary>
    /// <exception cref="InputRuleException">The median is not finite and > 0.</exception>
    public static ExponentialReference FromMedian(double median)
    {
        if (!(double.IsFinite(median) && median > 0)) throw new InputRuleException("median", ReferenceRules.PositiveRequirement);
        return new ExponentialReference(Math.Log(2) / median);
    }

    /// <inheritdoc />
    public double CumulativeHazard(double time) => Rate * time;
}
