using System.Collections.Immutable;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using Survival.Core.Numerics;

namespace Survival.Core.Parametric;

/// <summary>Prentice's (1974) generalized gamma distribution, as flexsurv's <c>flexsurvreg(dist = "gengamma")</c>.</summary>
/// <remarks>
/// log T = μ + σW, μ = x'β, with W of shape Q: for Q ≠ 0, γ = Q⁻² and γe^{QW} ~ Gamma(γ, 1); for Q = 0, W ~ N(0, 1)
/// (the log-normal). Q = 1 is the Weibull, Q = σ the gamma. The density of W, written so that Q → 0 is exact:
/// <code>
/// log f₀(w) = −½ log 2π − k(Q) − w² E₂(Qw),   E₂(y) = (eʸ − 1 − y)/y²   (→ −½ log 2π − w²/2 at Q = 0)
/// k(Q) = log Γ(γ) − (γ − ½) log γ + γ − ½ log 2π,  Stirling's remainder at γ = Q⁻²,
///      = Q²/12 − Q⁶/360 + Q¹⁰/1260 − …  for |Q| ≤ 0.3 (the Bernoulli series of log Γ, terms to B₁₆)
/// ∂/∂w = −w E₁(Qw),  ∂²/∂w² = −e^{Qw},  ∂/∂Q = −k'(Q) − w³E₂'(Qw),  ∂²/∂Q² = −k''(Q) − w⁴E₂''(Qw),  ∂²/∂w∂Q = −w²E₁'(Qw)
/// </code>
/// (<see cref="Exprel"/>). S₀(w) = Q(γ, γe^{Qw}) for Q &gt; 0 and P(γ, γe^{Qw}) for Q &lt; 0 (regularized incomplete gamma
/// functions), whose derivatives in the shape have no closed form; S₀ and its Q-derivatives are therefore the integrals
/// ∫_w^∞ f₀, ∫_w^∞ f₀ ∂log f₀/∂Q and ∫_w^∞ f₀[(∂log f₀/∂Q)² + ∂²log f₀/∂Q²] (<see cref="GeneralizedGammaTails"/>). The mean e^μ γ^{−σ/Q} Γ(γ + σ/Q)/Γ(γ) is finite unless Q &lt; 0 and σ|Q| ≥ 1.
/// Prentice (1974), Biometrika 61; Cox, Chu, Schneider &amp; Muñoz (2007), Stat Med 26; Jackson (2016), J Stat Softw 70(8).
/// </remarks>
internal sealed class GeneralizedGamma : LogLocationScaleFamily
{
    public static GeneralizedGamma Family { get; } = new();

    public override ParametricDistribution Distribution => ParametricDistribution.GeneralizedGamma;

    public override ImmutableArray<string> AncillaryNames { get; } = ["Log(sigma)", "Q"];

    public override bool AcceleratedFailureTime => true;

    public override bool ProportionalHazards => false;

    // Not used: the generalized gamma starts from the better of the Weibull (Q = 1) and log-normal (Q = 0) fits.
    internal override (double MeanShift, double VarianceDivisor) InitialMoments => (0, 1);

    // The last shape asked for, with its table of tails: predictions ask for one Q many times.
    private Shape? _last;

    internal override StandardDistribution Standard(ReadOnlySpan<double> shape)
    {
        var last = _last;
        if (last is not null && last.Q.Equals(shape[1])) return last;
        return _last = new Shape(shape[1]);
    }

    public override string? InfiniteMeanReason(double eta, ReadOnlySpan<double> shape) =>
        shape[1] < 0 && Math.Exp(shape[0]) * -shape[1] >= 1 ? "the generalized gamma mean is infinite when Q < 0 and σ|Q| ≥ 1" : null;

    /// <summary>The distribution of W at one Q.</summary>
    internal sealed class Shape : StandardDistribution
    {
        private static readonly double LogRootTwoPi = 0.5 * Math.Log(2 * Math.PI);

        // c_j = B₂ⱼ/(2j(2j − 1)), the coefficients of Stirling's series, j = 1..8.
        private static readonly double[] Stirling =
            [1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156, -3617.0 / 122400];

        private GeneralizedGammaTails? _tails;

        public Shape(double q)
        {
            Q = q;
            (K, KFirst, KSecond) = Remainder(q);
        }

        private GeneralizedGammaTails TailTable => _tails ??= new GeneralizedGammaTails(this);

        public double Q { get; }

        /// <summary>k(Q), k'(Q), k''(Q).</summary>
        public double K { get; }

        public double KFirst { get; }

        public double KSecond { get; }

        /// <summary>k(Q) = c(Q⁻²) with c Stirling's remainder, and its first two derivatives in Q.</summary>
        internal static (double Value, double First, double Second) Remainder(double q)
        {
            if (Math.Abs(q) <= 0.3)
            {
                double value = 0, first = 0, second = 0;
                var q2 = q * q;
                var q4 = q2 * q2;
                var below = 1.0; // q^{n−2} for the term c_j q^n, n = 4j − 2
                for (var j = 1; j <= Stirling.Length; j++)
                {
                    var n = 4 * j - 2;
                    value += Stirling[j - 1] * below * q2;
                    first += Stirling[j - 1] * n * below * q;
                    second += Stirling[j - 1] * n * (n - 1) * below;
                    below *= q4;
                }
                return (value, first, second);
            }
            var gamma = 1 / (q * q);
            var c = SpecialFunctions.GammaLn(gamma) - (gamma - 0.5) * Math.Log(gamma) + gamma - LogRootTwoPi;
            var c1 = SpecialFunctions.DiGamma(gamma) - Math.Log(gamma) + 1 / (2 * gamma);
            var c2 = Polygamma.Trigamma(gamma) - 1 / gamma - 1 / (2 * gamma * gamma);
            var q3 = q * q * q;
            return (c, c1 * (-2 / q3), c2 * 4 / (q3 * q3) + c1 * 6 / (q3 * q));
        }

        public override StandardJet LogDensity(double z)
        {
            var y = Q * z;
            var (e1, e1First, _) = Exprel.One(y);
            var (e2, e2First, e2Second) = Exprel.Two(y);
            var z2 = z * z;
            return new StandardJet
            {
                Value = -LogRootTwoPi - K - z2 * e2,
                Z = -z * e1,
                ZZ = -(1 + y * e1),
                Q = -KFirst - z2 * z * e2First,
                ZQ = -z2 * e1First,
                QQ = -KSecond - z2 * z2 * e2Second,
            };
        }

        public override StandardTail Tail(double z) => TailTable.At(z);

        public override double Quantile(double p)
        {
            if (Q == 0) return Normal.InvCDF(0, 1, p);
            var gamma = 1 / (Q * Q);
            // P(W ≤ w) = P(γ, γe^{Qw}) for Q > 0 and 1 − P(γ, γe^{Qw}) for Q < 0.
            var x = SpecialFunctions.GammaLowerRegularizedInv(gamma, Q > 0 ? p : 1 - p);
            var start = Math.Log(x / gamma) / Q;
            if (!double.IsFinite(start)) start = Normal.InvCDF(0, 1, p);
            // Newton's steps on F₀(w) = p polish the start to the precision of the tails, for any Q.
            for (var step = 0; step < 50; step++)
            {
                var tail = Tail(start);
                var error = tail.F <= 0.5 ? tail.F - p : 1 - p - tail.S;
                var move = error / tail.Density;
                if (!double.IsFinite(move)) break;
                start -= move;
                if (Math.Abs(move) <= 1e-14 * Math.Max(1, Math.Abs(start))) break;
            }
            return start;
        }
    }
}
