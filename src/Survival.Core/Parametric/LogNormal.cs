using System.Collections.Immutable;
using System.Numerics;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Survival.Core.Parametric;

/// <summary>The log-normal distribution as R's <c>survreg(dist = "lognormal")</c> parameterises it.</summary>
/// <remarks>
/// log T = η + σW with W standard normal:
/// <code>
/// f₀(z) = φ(z),  S₀(z) = ½ erfc(z/√2),  log f₀ = −z²/2 − ½ log 2π
/// (log S₀)' = −λ(z),  (log S₀)'' = λ(z)(z − λ(z)),  λ = φ/S₀ the inverse Mills ratio
/// </code>
/// Beyond z = 37, where S₀ underflows, λ comes from the Mills ratio's continued fraction
/// S₀/φ = 1/(z + 1/(z + 2/(z + 3/(z + …)))) (Abramowitz &amp; Stegun 26.2.14) and log S₀ = log φ + log(S₀/φ).
/// survreg's start: mean and variance of log t. The model is accelerated failure time only.
/// </remarks>
internal sealed class LogNormal : LogLocationScaleFamily
{
    public static LogNormal Family { get; } = new();

    public override ParametricDistribution Distribution => ParametricDistribution.LogNormal;

    public override ImmutableArray<string> AncillaryNames { get; } = ["Log(scale)"];

    public override bool AcceleratedFailureTime => true;

    public override bool ProportionalHazards => false;

    internal override (double MeanShift, double VarianceDivisor) InitialMoments => (0, 1);

    internal override StandardDistribution Standard(ReadOnlySpan<double> shape) => Gaussian.Instance;

    public override string? InfiniteMeanReason(double eta, ReadOnlySpan<double> shape) => null;

    /// <summary>The standard normal distribution of W.</summary>
    internal sealed class Gaussian : StandardDistribution
    {
        public static Gaussian Instance { get; } = new();

        private static readonly double LogRootTwoPi = 0.5 * Math.Log(2 * Math.PI);

        public override double Quantile(double p) => Normal.InvCDF(0, 1, p);

        public override StandardJet LogDensity(double z) => new() { Value = -z * z / 2 - LogRootTwoPi, Z = -z, ZZ = -1 };

        /// <summary>
        /// The kernel of <see cref="LogDensity"/> and <see cref="LogS"/> below z = 37 by vectors: log f₀ = −z²/2 − ½ log 2π
        /// (derivatives −z, −1) for every observation; then the right-censored ones are gathered, S₀ taken from
        /// MathNet's erfc one at a time, log S₀, λ = exp(log φ − log S₀) and the derivatives −λ, λ(z − λ) by vectors,
        /// and put back. Left-censored ones, and right-censored ones beyond z = 37, one at a time.
        /// </summary>
        internal override void Jets(TermBlock block, ReadOnlySpan<byte> kinds)
        {
            var jets = block.JetVectors(TermBlock.Padded(kinds.Length));
            var half = new Vector<double>(2);
            var constant = new Vector<double>(LogRootTwoPi);
            for (var v = 0; v < jets.Z.Length; v++)
            {
                jets.Value[v] = -jets.Z[v] * jets.Z[v] / half - constant;
                jets.First[v] = -jets.Z[v];
                jets.Second[v] = -Vector<double>.One;
            }

            // The right-censored observations below 37: their index (gathered without a branch), z and S₀.
            var index = block.Index;
            var gatheredZ = block.Gathered;
            var tail = block.Product;
            var count = 0;
            var oneAtATime = 0;
            for (var i = 0; i < kinds.Length; i++)
            {
                // 0/1 flags, so that the counts are added rather than branched on.
                var kind = kinds[i];
                var below = block.Z[i] < 37 ? 1 : 0;
                var right = kind == (byte)CensoringKind.RightCensored ? 1 : 0;
                index[count] = i;
                count += right & below;
                oneAtATime |= (kind == (byte)CensoringKind.LeftCensored ? 1 : 0) | (right & (below ^ 1));
            }
            for (var j = 0; j < count; j++)
            {
                var zj = block.Z[index[j]];
                gatheredZ[j] = zj;
                tail[j] = SpecialFunctions.Erfc(zj / Math.Sqrt(2)) / 2;
            }
            if (count > 0)
            {
                // The padding's S₀ = 1 at z = 0 keeps its logarithm finite.
                var length = TermBlock.Padded(count);
                gatheredZ.AsSpan(count, length - count).Clear();
                tail.AsSpan(count, length - count).Fill(1);
                var vz = TermBlock.Vectors(gatheredZ, length);
                var vs = TermBlock.Vectors(tail, length);
                for (var v = 0; v < vz.Length; v++)
                {
                    var logS = Vector.Log(vs[v]);
                    var lambda = Vector.Exp(-vz[v] * vz[v] / half - constant - logS);
                    vs[v] = logS;
                    vz[v] = lambda;
                }
                for (var j = 0; j < count; j++)
                {
                    var i = index[j];
                    var lambda = gatheredZ[j];
                    block.Jet[i] = tail[j];
                    block.JetZ[i] = -lambda;
                    block.JetZZ[i] = lambda * (block.Z[i] - lambda);
                }
            }
            if (oneAtATime == 0) return;
            for (var i = 0; i < kinds.Length; i++)
            {
                var kind = kinds[i];
                if (kind == (byte)CensoringKind.LeftCensored || (kind == (byte)CensoringKind.RightCensored && !(block.Z[i] < 37)))
                    Put(block, i, kind == (byte)CensoringKind.LeftCensored ? LogF(block.Z[i]) : LogS(block.Z[i]));
            }
        }

        public override StandardTail Tail(double z)
        {
            var density = Math.Exp(-z * z / 2 - LogRootTwoPi);
            return new StandardTail
            {
                S = SpecialFunctions.Erfc(z / Math.Sqrt(2)) / 2,
                F = SpecialFunctions.Erfc(-z / Math.Sqrt(2)) / 2,
                Density = density,
                DensityZ = -z * density,
            };
        }

        public override StandardJet LogS(double z)
        {
            double logS, lambda;
            if (z < 37)
            {
                var s = SpecialFunctions.Erfc(z / Math.Sqrt(2)) / 2;
                logS = Math.Log(s);
                lambda = Math.Exp(-z * z / 2 - LogRootTwoPi - logS);
            }
            else
            {
                var mills = MillsRatio(z);
                logS = -z * z / 2 - LogRootTwoPi + Math.Log(mills);
                lambda = 1 / mills;
            }
            return new StandardJet { Value = logS, Z = -lambda, ZZ = lambda * (z - lambda) };
        }

        public override StandardJet LogF(double z)
        {
            // F₀(z) = S₀(−z): (log F₀)(z) = (log S₀)(−z), with the first derivative's sign changed.
            var mirror = LogS(-z);
            return new StandardJet { Value = mirror.Value, Z = -mirror.Z, ZZ = mirror.ZZ };
        }

        /// <summary>S₀(z)/φ(z) for large z by its continued fraction, evaluated from the tail.</summary>
        private static double MillsRatio(double z)
        {
            var fraction = z;
            for (var k = 40; k >= 1; k--) fraction = z + k / fraction;
            return 1 / fraction;
        }
    }
}
