namespace Survival.Core.External;

/// <summary>A Weibull reference in R's parametrisation (<c>pweibull(t, shape, scale)</c>): Λ₀(t) = (t/scale)^shape.</summary>
public sealed record WeibullReference : IReferenceCurve
{
    /// <exception cref="InputRuleException">A parameter is not finite and > 0.</exception>
    public WeibullReference(double shape, double scale)
    {
        ReferenceRules.CheckPositive(shape, "shape");
        ReferenceRules.CheckPositive(scale, "scale");
        (Shape, Scale) = (shape, scale);
    }

    /// <summary>The shape k: hazard falling (k &lt; 1), constant (k = 1) or rising (k &gt; 1).</summary>
    public double Shape { get; }

    /// <summary>The scale b, the time by which 1 − e⁻¹ of subjects have had the event.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public double CumulativeHazard(double time) => Math.Pow(time / Scale, Shape);
}
