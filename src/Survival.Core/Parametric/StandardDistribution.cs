namespace Survival.Core.Parametric;

/// <summary>
/// The distribution of the standardized error W = (log T − μ)/σ of a log-location-scale family, with at most one
/// shape parameter q of its own (the generalized gamma's Q).
/// </summary>
internal abstract class StandardDistribution
{
    /// <summary>The quantile w_p with P(W ≤ w_p) = p.</summary>
    public abstract double Quantile(double p);

    /// <summary>log f₀(z) with its derivatives in z and q.</summary>
    public abstract StandardJet LogDensity(double z);

    /// <summary>S₀, F₀, f₀ and their derivatives at one point.</summary>
    public abstract StandardTail Tail(double z);

    /// <summary>log S₀(z) with its derivatives; a family overrides it where S₀ underflows before its logarithm does.</summary>
    public virtual StandardJet LogS(double z) => Tail(z).LogS();

    /// <summary>log F₀(z) with its derivatives.</summary>
    public virtual StandardJet LogF(double z) => Tail(z).LogF();

    /// <summary>
    /// The jets of a block's observations at its z (<see cref="TermBlock.Z"/>) into <see cref="TermBlock.Jet"/>,
    /// <see cref="TermBlock.JetZ"/> and <see cref="TermBlock.JetZZ"/>: log f₀ of an exact observation, log S₀ of a
    /// right-censored one, log F₀ of a left-censored one; the other kinds are left to the family. A distribution
    /// with a vectorised kernel for the common kinds overrides this and leaves the rest to <see cref="OneAtATime"/>.
    /// </summary>
    internal virtual void Jets(TermBlock block, ReadOnlySpan<byte> kinds) => OneAtATime(block, kinds, CensoringKind.Exact);

    /// <summary>The jets of the block's observations of kind <paramref name="first"/> up to left-censored, one at a time.</summary>
    protected void OneAtATime(TermBlock block, ReadOnlySpan<byte> kinds, CensoringKind first)
    {
        for (var i = 0; i < kinds.Length; i++)
        {
            var kind = kinds[i];
            if (kind < (byte)first || kind > (byte)CensoringKind.LeftCensored) continue;
            var z = block.Z[i];
            Put(block, i, kind switch
            {
                (byte)CensoringKind.Exact => LogDensity(z),
                (byte)CensoringKind.RightCensored => LogS(z),
                _ => LogF(z),
            });
        }
    }

    /// <summary>Stores the jet of the block's observation <paramref name="i"/>.</summary>
    protected static void Put(TermBlock block, int i, in StandardJet jet)
    {
        block.Jet[i] = jet.Value;
        block.JetZ[i] = jet.Z;
        block.JetZZ[i] = jet.ZZ;
    }
}

/// <summary>A function of the standardized point z and the shape q with its first and second derivatives.</summary>
internal struct StandardJet
{
    public double Value, Z, ZZ, Q, ZQ, QQ;
}

/// <summary>
/// What the censored contributions need at a standardized point z: S₀(z) and F₀(z) = 1 − S₀(z), each computed
/// directly so that neither loses precision in its tail, the density f₀(z), ∂f₀/∂z, and the shape derivatives
/// ∂S₀/∂q, ∂²S₀/∂q², ∂f₀/∂q (zero without a shape).
/// </summary>
internal struct StandardTail
{
    public double S, F, Density, DensityZ, SQ, SQQ, DensityQ;

    /// <summary>log S₀ with its derivatives: (log S)' = −f/S, (log S)'' = −f'/S − (log S)'², and the shape terms.</summary>
    public readonly StandardJet LogS()
    {
        var z = -Density / S;
        var q = SQ / S;
        return new StandardJet { Value = Math.Log(S), Z = z, ZZ = -DensityZ / S - z * z, Q = q, ZQ = -DensityQ / S - z * q, QQ = SQQ / S - q * q };
    }

    /// <summary>log F₀: ∂F/∂z = f, ∂F/∂q = −∂S/∂q.</summary>
    public readonly StandardJet LogF()
    {
        var z = Density / F;
        var q = -SQ / F;
        return new StandardJet { Value = Math.Log(F), Z = z, ZZ = DensityZ / F - z * z, Q = q, ZQ = DensityQ / F - z * q, QQ = -SQQ / F - q * q };
    }

    /// <summary>S₀ itself with its derivatives (for an interval, whose term is the log of a difference).</summary>
    public readonly StandardJet RawS() => new() { Value = S, Z = -Density, ZZ = -DensityZ, Q = SQ, ZQ = -DensityQ, QQ = SQQ };
}
