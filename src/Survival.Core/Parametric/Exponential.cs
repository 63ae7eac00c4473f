using System.Collections.Immutable;

namespace Survival.Core.Parametric;

/// <summary>The exponential distribution as R's <c>survreg(dist = "exponential")</c> parameterises it.</summary>
/// <remarks>
/// The Weibull with σ fixed at 1: log T = η + W, W standard extreme value, so
/// <code>
/// h(t) = λ = e^{−η},  S(t) = exp(−λt),  f(t) = λ exp(−λt),  H(t) = λt
/// </code>
/// and a coefficient β is both a log time ratio and, with the sign changed, a log hazard ratio. Having no scale, it
/// has nothing to give each stratum (R refuses strata with a fixed scale); its fit is the same with or without them.
/// Collett (2015), section 5.1.
/// </remarks>
internal sealed class Exponential : LogLocationScaleFamily
{
    public static Exponential Family { get; } = new();

    public override ParametricDistribution Distribution => ParametricDistribution.Exponential;

    public override ImmutableArray<string> AncillaryNames { get; } = [];

    public override bool AcceleratedFailureTime => true;

    public override bool ProportionalHazards => true;

    protected override bool FreeScale => false;

    internal override (double MeanShift, double VarianceDivisor) InitialMoments => (0.572, 1.64);

    internal override StandardDistribution Standard(ReadOnlySpan<double> shape) => Weibull.ExtremeValue.Instance;

    public override string? InfiniteMeanReason(double eta, ReadOnlySpan<double> shape) => null;
}
