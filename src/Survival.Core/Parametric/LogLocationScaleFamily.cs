using System.Numerics;
using System.Runtime.InteropServices;

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
        var scale = new Scale(this, shape);
        for (var i = from; i < to; i++)
        {
            var term = Term(in scale, data, i, eta[i - from]);
            sink.Add(i, in term);
        }
    }

    /// <summary>
    /// The block's terms by vectors: z = (log t − η)/σ, the standard distribution's jets (<see cref="StandardDistribution.Jets"/>)
    /// and the chain rule (<see cref="ChainRule"/>); intervals, entries alone and delayed entries are then taken one at a
    /// time (<see cref="Term"/>). The generalized gamma, whose shape derivatives the jets do not carry, takes every
    /// observation one at a time.
    /// </summary>
    internal override void Block(ParametricData data, int from, int count, ReadOnlySpan<double> eta, ReadOnlySpan<double> shape, TermBlock block)
    {
        if (AncillaryCount > 1)
        {
            base.Block(data, from, count, eta, shape, block);
            return;
        }
        var scale = new Scale(this, shape);
        var kinds = data.Kinds.AsSpan(from, count);
        var y = data.LogTimes.AsSpan(from, count);
        var entries = data.LogEntries;
        var padded = TermBlock.Padded(count);
        Standardize(y, eta[..count], scale.Sigma, block.Z);
        // The exact mask, and an exact term's log σ + log t held in Value until the chain rule subtracts it from the jet.
        var oneAtATime = entries is not null;
        for (var i = 0; i < count; i++)
        {
            var exact = kinds[i] == (byte)CensoringKind.Exact ? 1.0 : 0.0;
            block.Exact[i] = exact;
            block.Value[i] = exact * (scale.LogSigma + y[i]);
            oneAtATime |= kinds[i] > (byte)CensoringKind.LeftCensored;
        }
        block.Z.AsSpan(count, padded - count).Clear();
        block.Exact.AsSpan(count, padded - count).Clear();
        block.Value.AsSpan(count, padded - count).Clear();
        scale.Standard.Jets(block, kinds);
        ChainRule(block, padded, scale.Inverse, scale.Free);
        if (!oneAtATime) return;
        for (var i = 0; i < count; i++)
        {
            if (kinds[i] > (byte)CensoringKind.LeftCensored || (entries is not null && double.IsFinite(entries[from + i])))
                block.Set(i, Term(in scale, data, from + i, eta[i]));
        }
    }

    /// <summary>z = (y − η)/σ by vectors.</summary>
    private static void Standardize(ReadOnlySpan<double> y, ReadOnlySpan<double> eta, double sigma, double[] z)
    {
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
        var ve = MemoryMarshal.Cast<double, Vector<double>>(eta);
        var vz = MemoryMarshal.Cast<double, Vector<double>>(z.AsSpan(0, y.Length));
        var divisor = new Vector<double>(sigma);
        for (var v = 0; v < vy.Length; v++) vz[v] = (vy[v] - ve[v]) / divisor;
        for (var i = vy.Length * Vector<double>.Count; i < y.Length; i++) z[i] = (y[i] - eta[i]) / sigma;
    }

    /// <summary>
    /// <see cref="Chain(in StandardJet, double, double, bool)"/> by vectors over the block's first <paramref name="length"/>
    /// jets, with the exact terms' −(log σ + log t) and −1 in log σ.
    /// </summary>
    private static void ChainRule(TermBlock block, int length, double inverse, bool free)
    {
        var jets = block.JetVectors(length);
        var value = TermBlock.Vectors(block.Value, length);
        var e = TermBlock.Vectors(block.E, length);
        var ee = TermBlock.Vectors(block.EE, length);
        var scale = new Vector<double>(inverse);
        for (var v = 0; v < value.Length; v++)
        {
            value[v] = jets.Value[v] - value[v];
            e[v] = -jets.First[v] * scale;
            ee[v] = jets.Second[v] * scale * scale;
        }
        if (!free) return;
        var a = TermBlock.Vectors(block.A, length);
        var ea = TermBlock.Vectors(block.EA, length);
        var aa = TermBlock.Vectors(block.AA, length);
        for (var v = 0; v < a.Length; v++)
        {
            var (z, first, second) = (jets.Z[v], jets.First[v], jets.Second[v]);
            a[v] = -first * z - jets.Exact[v];
            ea[v] = (second * z + first) * scale;
            aa[v] = second * z * z + first * z;
        }
    }

    /// <summary>What every term of a stratum shares: the standard distribution at its shape, σ, 1/σ, log σ and whether σ is free.</summary>
    private readonly struct Scale
    {
        public Scale(LogLocationScaleFamily family, ReadOnlySpan<double> shape)
        {
            Standard = family.Standard(shape);
            Sigma = family.Sigma(shape);
            Inverse = 1 / Sigma;
            Free = family.FreeScale;
            LogSigma = Free ? shape[0] : 0;
        }

        public StandardDistribution Standard { get; }

        public double Sigma { get; }

        public double Inverse { get; }

        public bool Free { get; }

        public double LogSigma { get; }
    }

    /// <summary>One observation's term, with its delayed entry.</summary>
    private static LocalTerm Term(in Scale scale, ParametricData data, int i, double e)
    {
        var standard = scale.Standard;
        var sigma = scale.Sigma;
        var inverse = scale.Inverse;
        var free = scale.Free;
        var y = data.LogTimes;
        var entries = data.LogEntries;
        var kind = data.Kinds[i];
        var z = (y[i] - e) / sigma;
        LocalTerm term;
        switch (kind)
        {
            case (byte)CensoringKind.Exact:
                term = Chain(standard.LogDensity(z), z, inverse, free);
                term.Value -= scale.LogSigma + y[i];
                if (free) term.A -= 1;
                break;
            case (byte)CensoringKind.RightCensored:
                term = Chain(standard.LogS(z), z, inverse, free);
                break;
            case (byte)CensoringKind.LeftCensored:
                term = Chain(standard.LogF(z), z, inverse, free);
                break;
            case (byte)CensoringKind.Interval:
                var zUpper = (data.LogUpper![i] - e) / sigma;
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
        if (kind == ParametricData.EntryOnly) term = -Chain(standard.LogS(z), z, inverse, free);
        else if (entries is not null && double.IsFinite(entries[i]))
        {
            var zEntry = (entries[i] - e) / sigma;
            term += -Chain(standard.LogS(zEntry), zEntry, inverse, free);
        }
        return term;
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
