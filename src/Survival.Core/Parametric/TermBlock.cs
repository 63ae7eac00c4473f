using System.Numerics;
using System.Runtime.InteropServices;

namespace Survival.Core.Parametric;

/// <summary>
/// The terms of a block of up to <see cref="Length"/> consecutive observations, one array per member of
/// <see cref="LocalTerm"/>, so that a family can compute them, and the likelihood weigh and sum them, a vector at a
/// time rather than one observation at a time through a sink.
/// </summary>
/// <remarks>
/// Members a family has no parameter for are left as they are (the exponential's A, the one-parameter families' B);
/// the likelihood reads only those of its ancillary count. <see cref="Z"/>, <see cref="Exact"/> and the jet arrays are
/// the families' own scratch.
/// </remarks>
internal sealed class TermBlock
{
    /// <summary>The observations of a full block: small enough that a block's arrays stay in the first-level cache.</summary>
    public const int Length = DesignCrossing.Block;

    public readonly double[] Value = new double[Length];
    public readonly double[] E = new double[Length], A = new double[Length], B = new double[Length];
    public readonly double[] EE = new double[Length], EA = new double[Length], EB = new double[Length];
    public readonly double[] AA = new double[Length], AB = new double[Length], BB = new double[Length];

    /// <summary>The linear predictors η of the block's observations, when they are design rows.</summary>
    public readonly double[] Eta = new double[Length];

    /// <summary>The standardized points z of a location-scale family.</summary>
    public readonly double[] Z = new double[Length];

    /// <summary>1 for an exact observation, 0 otherwise (a mask the kernels multiply by instead of branching).</summary>
    public readonly double[] Exact = new double[Length];

    /// <summary>A standard distribution's log f₀, log S₀ or log F₀ at z, and its first and second derivatives in z.</summary>
    public readonly double[] Jet = new double[Length], JetZ = new double[Length], JetZZ = new double[Length];

    /// <summary>Indices and values of the block's observations a kernel gathers to take them by vectors.</summary>
    public readonly int[] Index = new int[Length];

    /// <inheritdoc cref="Index"/>
    public readonly double[] Gathered = new double[Length];

    /// <summary>Scratch for products the likelihood forms from the terms, and for a kernel before them.</summary>
    public readonly double[] Product = new double[Length];

    /// <summary>The length of <paramref name="count"/> observations rounded up to whole vectors (the kernels run over the padding).</summary>
    public static int Padded(int count) => (count + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;

    /// <summary>The first <paramref name="length"/> (a multiple of the vector width) values of an array as vectors.</summary>
    public static Span<Vector<double>> Vectors(double[] values, int length) => MemoryMarshal.Cast<double, Vector<double>>(values.AsSpan(0, length));

    /// <summary>The first <paramref name="length"/> (padded) z, exact masks and jets as vectors, as the kernels read and write them.</summary>
    public Jets JetVectors(int length) => new(this, length);

    /// <summary>A block's z, exact masks and jets as vectors.</summary>
    public readonly ref struct Jets(TermBlock block, int length)
    {
        public readonly Span<Vector<double>> Z = Vectors(block.Z, length), Exact = Vectors(block.Exact, length);
        public readonly Span<Vector<double>> Value = Vectors(block.Jet, length), First = Vectors(block.JetZ, length), Second = Vectors(block.JetZZ, length);
    }

    /// <summary>Stores the term of the block's observation <paramref name="i"/>.</summary>
    public void Set(int i, in LocalTerm term)
    {
        Value[i] = term.Value;
        E[i] = term.E;
        A[i] = term.A;
        B[i] = term.B;
        EE[i] = term.EE;
        EA[i] = term.EA;
        EB[i] = term.EB;
        AA[i] = term.AA;
        AB[i] = term.AB;
        BB[i] = term.BB;
    }

    /// <summary>Stores a family's terms one observation at a time: block observation i is data observation first + i.</summary>
    public readonly struct Writer(TermBlock block, int first) : ITermSink
    {
        public void Add(int observation, in LocalTerm term) => block.Set(observation - first, in term);
    }
}
