using MathNet.Numerics;
using System.Collections.Immutable;

namespace Survival.Core.Parametric;

/// <summary>The log-logistic distribution as R's <c>survreg(dist = "loglogistic")</c> parameterises it.</summary>
/// <remarks>
/// log T = η + σW with W standard logistic:
/// <code>
/// S₀(z) = 1/(1 + eᶻ),  F₀(z) = 1/(1 + e⁻ᶻ),  f₀(z) = S₀F₀,  f₀' = f₀(S₀ − F₀)
/// log f₀ = −|z| − 2 log(1 + e^{−|z|}),  (log f₀)' = S₀ − F₀,  (log f₀)'' = −2f₀
/// (log S₀)' = −F₀,  (log S₀)'' = −f₀;  (log F₀)' = S₀,  (log F₀)'' = −f₀
/// S(t) = 1/(1 + (t/e^η)^{1/σ}),  mean e^η πσ/sin(πσ) for σ &lt; 1, infinite otherwise
/// </code>
/// every exponential taken of a non-positive number. survreg's start: mean of log t and variance/3.2.
/// Bennett (1983); Collett (2015), section 6.3.
/// </remarks>
internal sealed class LogLogistic : LogLocationScaleFamily
{
    public static LogLogistic Family { get; } = new();

    public override ParametricDistribution Distribution => ParametricDistribution.LogLogistic;

    public override ImmutableArray<string> AncillaryNames { get; } = ["Log(scale)"];

    public override bool AcceleratedFailureTime => true;

    public override bool ProportionalHazards => false;

    internal override (double MeanShift, double VarianceDivisor) InitialMoments => (0, 3.2);

    internal override StandardDistribution Standard(ReadOnlySpan<double> shape) => Logistic.Instance;

    public override string? InfiniteMeanReason(double eta, ReadOnlySpan<double> shape) =>
        Math.Exp(shape[0]) >= 1 ? "the log-logistic mean is infinite when its scale σ is 1 or more" : null;

    /// <summary>The standard logistic distribution of W.</summary>
    internal sealed class Logistic : StandardDistribution
    {
        public static Logistic Instance { get; } = new();

        public override double Quantile(double p) => Math.Log(p / (1 - p));

        /// <summary>S₀ and F₀, each without cancellation.</summary>
        private static (double S, double F) Parts(double z)
        {
            var w = Math.Exp(-Math.Abs(z));
            return z > 0 ? (w / (1 + w), 1 / (1 + w)) : (1 / (1 + w), w / (1 + w));
        }

        public override StandardJet LogDensity(double z)
        {
            var (s, f) = Parts(z);
            return new StandardJet { Value = -Math.Abs(z) - 2 * SpecialFunctions.Log1p(Math.Exp(-Math.Abs(z))), Z = s - f, ZZ = -2 * s * f };
        }

        public override StandardTail Tail(double z)
        {
            var (s, f) = Parts(z);
            var density = s * f;
            return new StandardTail { S = s, F = f, Density = density, DensityZ = density * (s - f) };
        }

        public override StandardJet LogS(double z)
        {
            var (s, f) = Parts(z);
            var log = z > 0 ? -z - SpecialFunctions.Log1p(Math.Exp(-z)) : -SpecialFunctions.Log1p(Math.Exp(z));
            return new StandardJet { Value = log, Z = -f, ZZ = -s * f };
        }

        public override StandardJet LogF(double z)
        {
            var (s, f) = Parts(z);
            var log = z < 0 ? z - SpecialFunctions.Log1p(Math.Exp(z)) : -SpecialFunctions.Log1p(Math.Exp(-z));
            return new StandardJet { Value = log, Z = s, ZZ = -s * f };
        }
    }
}
