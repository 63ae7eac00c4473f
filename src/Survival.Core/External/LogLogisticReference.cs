namespace Survival.Core.External;

/// <summary>A log-logistic reference (flexsurv's <c>llogis(shape, scale)</c>): S₀(t) = 1/(1 + (t/scale)^shape), Λ₀(t) = ln(1 + (t/scale)^shape).</summary>
public sealed record LogLogisticReference : IReferenceCurve
{
    /// <exception cref="InputRuleException">A parameter is not finite and > 0.</exception>
    public LogLogisticReference(double shape, double scale)
    {
        ReferenceRules.CheckPositive(shape, "shape");
        ReferenceRules.CheckPositive(scale, "scale");
        (Shape, Scale) = (shape, scale);
    }

    /// <summary>The shape; the hazard rises then falls when it exceeds 1.</summary>
    public double Shape { get; }

    /// <summary>The scale, which is the median.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public double CumulativeHazard(double time) => double.LogP1(Math.Pow(time / Scale, Shape));
}
