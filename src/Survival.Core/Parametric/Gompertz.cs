using MathNet.Numerics;
using System.Collections.Immutable;
using Survival.Core.Numerics;

namespace Survival.Core.Parametric;

/// <summary>The Gompertz distribution as flexsurv's <c>flexsurvreg(dist = "gompertz")</c> parameterises it.</summary>
/// <remarks>
/// Hazard h(t) = b·e^{at} with rate b = e^η, η = x'β, and shape a of either sign:
/// <code>
/// H(t) = (b/a)(e^{at} − 1) = b t E₁(a t),   E₁(y) = (eʸ − 1)/y,   S(t) = e^{−H(t)},   f(t) = h(t)S(t)
/// ∂H/∂η = ∂²H/∂η² = H,   ∂H/∂a = ∂²H/∂η∂a = b t² E₁'(a t),   ∂²H/∂a² = b t³ E₁''(a t)
/// </code>
/// taken through <see cref="Exprel"/> so that a → 0 (the exponential) loses no precision. Exact log h − H,
/// right-censored −H, left-censored log(1 − e^{−H}), interval log(e^{−H(l)} − e^{−H(r)}), delayed entry +H(e). With
/// a &lt; 0 the hazard falls to 0 and a fraction S(∞) = e^{b/a} never has the event, so quantiles beyond it and the
/// mean are infinite. log h is linear and H convex in (η, a), so the log-likelihood is concave. The model is
/// proportional hazards: exp(β) is a hazard ratio. Gompertz (1825); Jackson (2016), flexsurv, J Stat Softw 70(8).
/// </remarks>
internal sealed class Gompertz : ParametricFamily
{
    public static Gompertz Family { get; } = new();

    public override ParametricDistribution Distribution => ParametricDistribution.Gompertz;

    public override ImmutableArray<string> AncillaryNames { get; } = ["shape"];

    public override bool NeedsPositiveTimes => false;

    public override bool AcceleratedFailureTime => false;

    public override bool ProportionalHazards => true;

    /// <summary>H(t) with its derivatives in (η, a).</summary>
    internal static LocalTerm CumulativeHazard(double t, double eta, double a)
    {
        if (t <= 0) return default;
        var b = Math.Exp(eta);
        var (e1, d1, d2) = Exprel.One(a * t);
        var h = b * t * e1;
        var ha = b * t * t * d1;
        return new LocalTerm { Value = h, E = h, EE = h, A = ha, EA = ha, AA = b * t * t * t * d2 };
    }

    internal override void Terms<TSink>(ParametricData data, int from, int to, ReadOnlySpan<double> eta, ReadOnlySpan<double> shape, ref TSink sink)
    {
        var a = shape[0];
        var times = data.Times;
        var upper = data.Upper;
        var entries = data.Entries;
        var kinds = data.Kinds;
        for (var i = from; i < to; i++)
        {
            var e = eta[i - from];
            var t = times[i];
            var hazard = CumulativeHazard(t, e, a);
            LocalTerm term;
            switch (kinds[i])
            {
                case (byte)CensoringKind.Exact:
                    term = -hazard;
                    term.Value += e + a * t;
                    term.E += 1;
                    term.A += t;
                    break;
                case (byte)CensoringKind.RightCensored:
                    term = -hazard;
                    break;
                case (byte)CensoringKind.LeftCensored:
                    // F = 1 − e^{−H}: ∇F = e^{−H}∇H, ∇²F = e^{−H}(∇²H − ∇H∇H').
                    var survival = (-hazard).Exp();
                    var distribution = -survival;
                    distribution.Value = -Exprel.Expm1(-hazard.Value);
                    term = distribution.Log();
                    break;
                case (byte)CensoringKind.Interval:
                    var upperHazard = CumulativeHazard(upper![i], e, a);
                    var difference = (-hazard).Exp() + -(-upperHazard).Exp();
                    difference.Value = Math.Exp(-hazard.Value) * -Exprel.Expm1(hazard.Value - upperHazard.Value);
                    term = difference.Log();
                    break;
                default:
                    term = hazard;
                    break;
            }
            if (entries is not null && entries[i] > 0) term += CumulativeHazard(entries[i], e, a);
            sink.Add(i, in term);
        }
    }

    public override LocalTerm LogSurvival(double t, double eta, ReadOnlySpan<double> shape) => -CumulativeHazard(t, eta, shape[0]);

    public override LocalTerm LogHazard(double t, double eta, ReadOnlySpan<double> shape) =>
        new() { Value = eta + shape[0] * t, E = 1, A = t };

    public override double Quantile(double p, double eta, ReadOnlySpan<double> shape)
    {
        // H(t) = c = −log(1 − p): t = log(1 + a c/b)/a = (c/b)·log1p(y)/y with y = a c/b, exact as a → 0.
        var c = -SpecialFunctions.Log1p(-p);
        var b = Math.Exp(eta);
        var y = shape[0] * c / b;
        if (y <= -1) return double.PositiveInfinity;
        var ratio = Math.Abs(y) < 1e-8 ? 1 - y / 2 + y * y / 3 : SpecialFunctions.Log1p(y) / y;
        return c / b * ratio;
    }

    public override string? InfiniteMeanReason(double eta, ReadOnlySpan<double> shape) =>
        shape[0] < 0 ? "with shape a < 0 a fraction exp(b/a) never has the event, so the mean is infinite" : null;
}
