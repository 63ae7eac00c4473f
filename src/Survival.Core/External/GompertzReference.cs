namespace Survival.Core.External;

/// <summary>
/// A Gompertz reference (flexsurv's <c>gompertz(shape, rate)</c>): hazard b·e^(at), Λ₀(t) = (b/a)(e^(at) − 1), and bt
/// when a = 0. With a &lt; 0 the hazard dies away and the curve levels off at e^(b/a) (a cured fraction).
/// </summary>
public sealed record GompertzReference : IReferenceCurve
{
    /// <exception cref="InputRuleException">The shape is not finite, or the rate not finite and > 0.</exception>
    public GompertzReference(double shape, double rate)
    {
        if (!double.IsFinite(shape)) throw new InputRuleException("shape", "must be a finite number");
        ReferenceRules.CheckPositive(rate, "rate");
        (Shape, Rate) = (shape, rate);
    }

    /// <summary>a, the log of the hazard's growth per unit of time.</summary>
    public double Shape { get; }

    /// <summary>b, the hazard at time 0.</summary>
    public double Rate { get; }

    /// <inheritdoc />
    public double CumulativeHazard(double time) => Shape == 0 ? Rate * time : Rate / Shape * double.ExpM1(Shape * time);
}
