namespace Survival.Core.Parametric;

/// <summary>
/// The families with log T = η + σW: exponential (σ = 1), Weibull, log-normal, log-logistic and generalized gamma.
/// Each observation's term is a function of the standardized z = (log t − η)/σ, turned into derivatives in η, log σ
/// and the shape by the chain rule, as R's <c>survreg</c> does for its distributions.
/// </summary>
/// <remarks>
/// With s = log σ: ∂z/∂η = −1/σ, ∂z/∂s = −z, ∂²z/∂η∂s = 1/σ, ∂²z/∂s² = z. Exact: log f(t) = log f₀(z) − s − log t;
/// right-censored log S₀(z); left-censored log F₀(z); interval log(S₀(z_l) − S₀(z_r)), taken as F₀(z_r) − F₀(z_l)
/// when z_l ≤ 0 so that neither difference cancels (R's <c>survregc1</c> does the same); delayed entry −log S₀(z_e).
/// Kalbfleisch &amp; Prentice (2002), section 3.2; Therneau, Mayo Clinic technical report 53.
/// </remarks>
internal abstract class LogLocationScaleFamily : ParametricFamily
{
    /// <summary>Whether σ is estimated (every family but the exponential).</summary>
    protected virtual bool FreeScale => true;

    public override bool NeedsPositiveTimes => true;

    /// <summary>The standard distribution at the stratum's shape parameters (θ₂ when there is one).</summary>
    internal abstract StandardDistribution Standard(ReadOnlySpan<double> shape);

    /// <summary>survreg's starting mean and variance of W from the mean and variance of log t (its <c>init</c>).</summary>
    internal abstract (double MeanShift, double VarianceDivisor) InitialMoments { get; }

    internal double Sigma(ReadOnlySpan<double> shape) => FreeScale ? Math.Exp(shape[0]) : 1;

    internal override void Terms<TSink>(ParametricData data, int from, int to, ReadOnlySpan<double> eta, ReadOnlySpan<double> shape, ref TSink sink)
    {
        var standard = Standard(shape);
        var sigma = Sigma(shape);
        // Hoisted out of the loop: the chain rule's 1/σ and whether σ is free.
        var inverse = 1 / sigma;
        var free = FreeScale;
        var logSigma = FreeScale ? shape[0] : 0;
        var y = data.LogTimes;
        var upper = data.LogUpper;
        var entries = data.LogEntries;
        var kinds = data.Kinds;
        for (var i = from; i < to; i++)
        {
            var e = eta[i - from];
            var z = (y[i] - e) / sigma;
            LocalTerm term;
            switch (kinds[i])
            {
                case (byte)CensoringKind.Exact:
                    term = Chain(standard.LogDensity(z), z, inverse, free);
                    term.Value -= logSigma + y[i];
                    if (free) term.A -= 1;
                    break;
                case (byte)CensoringKind.RightCensored:
                    term = Chain(standard.LogS(z), z, inverse, free);
                    break;
                case (byte)CensoringKind.LeftCensored:
                    term = Chain(standard.LogF(z), z, inverse, free);
                    break;
                case (byte)CensoringKind.Interval:
                    var zUpper = (upper![i] - e) / sigma;
                    var lower = standard.Tail(z);
                    var top = standard.Tail(zUpper);
                    var difference = Chain(lower.RawS(), z, inverse, free) + -Chain(top.RawS(), zUpper, inverse, free);
                    difference.Value = z > 0 ? lower.S - top.S : top.F - lower.F;
                    term = difference.Log();
                    break;
                default:
                    // An entry alone: its term is the truncation below.
                    term = default;
                    break;
            }
            if (kinds[i] == ParametricData.EntryOnly) term = -Chain(standard.LogS(z), z, inverse, free);
            else if (entries is not null && double.IsFinite(entries[i]))
            {
                var zEntry = (entries[i] - e) / sigma;
                term += -Chain(standard.LogS(zEntry), zEntry, inverse, free);
            }
            sink.Add(i, in term);
        }
    }

    /// <summary>g_η and g_ηη of an exact or a right-censored term at z = 0 (survreg's start at η = log t).</summary>
    internal (double E, double EE) AtZero(bool exact, ReadOnlySpan<double> shape)
    {
        var standard = Standard(shape);
        var term = Chain(exact ? standard.LogDensity(0) : standard.LogS(0), 0, 1 / Sigma(shape), FreeScale);
        return (term.E, term.EE);
    }

    /// <summary>Derivatives in (z, q) turned into derivatives in (η, log σ, q).</summary>
    protected LocalTerm Chain(in StandardJet j, double z, double sigma) => Chain(j, z, 1 / sigma, FreeScale);

    /// <summary><see cref="Chain(in StandardJet, double, double)"/> given 1/σ and whether σ is free.</summary>
    private static LocalTerm Chain(in StandardJet j, double z, double inverse, bool free)
    {
        var term = new LocalTerm { Value = j.Value, E = -j.Z * inverse, EE = j.ZZ * inverse * inverse };
        if (!free) return term;
        term.A = -j.Z * z;
        term.EA = (j.ZZ * z + j.Z) * inverse;
        term.AA = j.ZZ * z * z + j.Z * z;
        term.B = j.Q;
        term.EB = -j.ZQ * inverse;
        term.AB = -j.ZQ * z;
        term.BB = j.QQ;
        return term;
    }

    public override LocalTerm LogSurvival(double t, double eta, ReadOnlySpan<double> shape)
    {
        if (t <= 0) return default;
        var sigma = Sigma(shape);
        var z = (Math.Log(t) - eta) / sigma;
        return Chain(Standard(shape).LogS(z), z, sigma);
    }

    public override LocalTerm LogHazard(double t, double eta, ReadOnlySpan<double> shape)
    {
        // log h = log f − log S = log f₀(z) − log σ − log t − log S₀(z).
        var sigma = Sigma(shape);
        var z = (Math.Log(t) - eta) / sigma;
        var standard = Standard(shape);
        var density = Chain(standard.LogDensity(z), z, sigma);
        density.Value -= Math.Log(sigma) + Math.Log(t);
        if (FreeScale) density.A -= 1;
        return density + -Chain(standard.LogS(z), z, sigma);
    }

    public override double Quantile(double p, double eta, ReadOnlySpan<double> shape) =>
        Math.Exp(eta + Sigma(shape) * Standard(shape).Quantile(p));
}
