using System.Collections.Immutable;

namespace Survival.Core.Parametric;

/// <summary>Receives each observation's term from a family.</summary>
internal interface ITermSink
{
    void Add(int observation, in LocalTerm term);
}

/// <summary>
/// One distribution family: its likelihood terms for every kind of observation, with first and second derivatives in
/// the local parameters (η and the stratum's ancillary parameters), and S, h and quantiles for prediction.
/// </summary>
internal abstract class ParametricFamily
{
    public abstract ParametricDistribution Distribution { get; }

    /// <summary>The ancillary parameters each stratum has, in R's order (for example survreg's "Log(scale)").</summary>
    public abstract ImmutableArray<string> AncillaryNames { get; }

    public int AncillaryCount => AncillaryNames.Length;

    /// <summary>Whether the family is defined on log t, so that every time must be &gt; 0.</summary>
    public abstract bool NeedsPositiveTimes { get; }

    /// <summary>Whether the coefficients are log time ratios (accelerated failure time).</summary>
    public abstract bool AcceleratedFailureTime { get; }

    /// <summary>Whether the model is also proportional hazards, so that hazard ratios can be reported.</summary>
    public abstract bool ProportionalHazards { get; }

    /// <summary>
    /// The terms of observations [<paramref name="from"/>, <paramref name="to"/>) of one stratum, given each one's η and
    /// the stratum's ancillary parameters.
    /// </summary>
    internal abstract void Terms<TSink>(ParametricData data, int from, int to, ReadOnlySpan<double> eta, ReadOnlySpan<double> shape, ref TSink sink)
        where TSink : struct, ITermSink;

    /// <summary>
    /// The terms of observations [<paramref name="from"/>, from + <paramref name="count"/>) of one stratum into
    /// <paramref name="block"/> (count ≤ <see cref="TermBlock.Length"/>); a family with a vectorised kernel overrides
    /// this, the others give their <see cref="Terms"/> one at a time.
    /// </summary>
    internal virtual void Block(ParametricData data, int from, int count, ReadOnlySpan<double> eta, ReadOnlySpan<double> shape, TermBlock block)
    {
        var writer = new TermBlock.Writer(block, from);
        Terms(data, from, from + count, eta, shape, ref writer);
    }

    /// <summary>log S(t) with its derivatives in the local parameters.</summary>
    public abstract LocalTerm LogSurvival(double t, double eta, ReadOnlySpan<double> shape);

    /// <summary>
    /// log S and log h at many times at once (a family that integrates its tails does them in one pass); log h is −∞
    /// where h is 0 and +∞ where it is infinite (at t = 0 for some).
    /// </summary>
    public virtual void LogSurvivalAndHazard(ReadOnlySpan<double> times, double eta, ReadOnlySpan<double> shape, Span<LocalTerm> logS, Span<LocalTerm> logH)
    {
        for (var i = 0; i < times.Length; i++)
        {
            logS[i] = LogSurvival(times[i], eta, shape);
            logH[i] = times[i] > 0 || !NeedsPositiveTimes ? LogHazard(times[i], eta, shape) : new LocalTerm { Value = double.NaN };
        }
    }

    /// <summary>log h(t) with its derivatives in the local parameters, for t &gt; 0.</summary>
    public abstract LocalTerm LogHazard(double t, double eta, ReadOnlySpan<double> shape);

    /// <summary>The time t_p with S(t_p) = 1 − p; +∞ when S never falls that far (a Gompertz with a &lt; 0).</summary>
    public abstract double Quantile(double p, double eta, ReadOnlySpan<double> shape);

    /// <summary>Whether E[T] = ∫₀^∞ S(t) dt is finite; the reason when it is not.</summary>
    public abstract string? InfiniteMeanReason(double eta, ReadOnlySpan<double> shape);

    public static ParametricFamily Of(ParametricDistribution distribution) => distribution switch
    {
        ParametricDistribution.Exponential => Exponential.Family,
        ParametricDistribution.Weibull => Weibull.Family,
        ParametricDistribution.LogNormal => LogNormal.Family,
        ParametricDistribution.LogLogistic => LogLogistic.Family,
        ParametricDistribution.Gompertz => Gompertz.Family,
        ParametricDistribution.GeneralizedGamma => GeneralizedGamma.Family,
        _ => throw new ArgumentOutOfRangeException(nameof(distribution)),
    };
}
