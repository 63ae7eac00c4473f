using MathNet.Numerics;
using System.Collections.Immutable;
using System.Numerics;

using Survival.Core.Numerics;

namespace Survival.Core.Parametric;

/// <summary>The Weibull distribution as R's <c>survreg(dist = "weibull")</c> parameterises it.</summary>
/// <remarks>
/// log T = η + σW with W standard (minimum) extreme value, η = x'β:
/// <code>
/// f₀(z) = exp(z − eᶻ),  S₀(z) = exp(−eᶻ),  F₀(z) = 1 − exp(−eᶻ)
/// S(t)  = exp(−(t/λ)^k),  h(t) = (k/λ)(t/λ)^{k−1},  H(t) = (t/λ)^k,  with shape k = 1/σ and scale λ = e^η
/// </code>
/// so log f₀ = z − eᶻ (derivatives 1 − eᶻ, −eᶻ) and log S₀ = −eᶻ (derivatives −eᶻ, −eᶻ). The model is also
/// proportional hazards: a coefficient β multiplies the hazard by exp(−β/σ). survreg's start: mean of log t + 0.572
/// and variance/1.64. Kalbfleisch &amp; Prentice (2002), section 2.2.2; Collett (2015), chapter 5.
/// </remarks>
internal sealed class Weibull : LogLocationScaleFamily
{
    public static Weibull Family { get; } = new();

    public override ParametricDistribution Distribution => ParametricDistribution.Weibull;

    public override ImmutableArray<string> AncillaryNames { get; } = ["Log(scale)"];

    public override bool AcceleratedFailureTime => true;

    public override bool ProportionalHazards => true;

    internal override (double MeanShift, double VarianceDivisor) InitialMoments => (0.572, 1.64);

    internal override StandardDistribution Standard(ReadOnlySpan<double> shape) => ExtremeValue.Instance;

    public override string? InfiniteMeanReason(double eta, ReadOnlySpan<double> shape) => null;

    /// <summary>The standard minimum extreme-value (Gumbel) distribution of W.</summary>
    internal sealed class ExtremeValue : StandardDistribution
    {
        public static ExtremeValue Instance { get; } = new();

        public override double Quantile(double p) => Math.Log(-SpecialFunctions.Log1p(-p));

        public override StandardJet LogDensity(double z)
        {
            var w = Math.Exp(z);
            return new StandardJet { Value = z - w, Z = 1 - w, ZZ = -w };
        }

        public override StandardJet LogS(double z)
        {
            var w = Math.Exp(z);
            return new StandardJet { Value = -w, Z = -w, ZZ = -w };
        }

        /// <summary>
        /// The kernel of <see cref="LogDensity"/> and <see cref="LogS"/> by vectors, with δ = 1 for an exact observation
        /// and 0 for a right-censored one: w = eᶻ, value δz − w, derivatives δ − w and −w; left-censored ones one at a time.
        /// </summary>
        internal override void Jets(TermBlock block, ReadOnlySpan<byte> kinds)
        {
            var jets = block.JetVectors(TermBlock.Padded(kinds.Length));
            for (var v = 0; v < jets.Z.Length; v++)
            {
                var w = Vector.Exp(jets.Z[v]);
                jets.Value[v] = jets.Exact[v] * jets.Z[v] - w;
                jets.First[v] = jets.Exact[v] - w;
                jets.Second[v] = -w;
            }
            OneAtATime(block, kinds, CensoringKind.LeftCensored);
        }

        public override StandardTail Tail(double z)
        {
            var w = Math.Exp(z);
            var s = Math.Exp(-w);
            var density = w * s;
            return new StandardTail { S = s, F = -Exprel.Expm1(-w), Density = density, DensityZ = density * (1 - w) };
        }
    }
}
