using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Survival.Core.Parametric;

/// <summary>
/// The crossing of per-row sums with the design rows, the kernel of the score and information: for rows x = (1, x̃)
/// with sums d (Σ w g_η, Σ w g_ηη, Σ w g_ηθⱼ and, for R's J'J, Σ w g_η², Σ w g_η g_θⱼ), it accumulates
/// Σ x d₀, Σ x x' d₁, Σ x d_{2+j} per stratum, and the same for the outer-product sums.
/// </summary>
/// <remarks>
/// Every product is a vector operation along a row of the result: x is copied with its intercept into a buffer
/// padded with zeros to whole vectors, so that Σ x x' d is <c>columns</c> scaled vector additions of that buffer
/// (the full square, which the caller reads one triangle of). One crossing per half of the data; halves are added
/// with <see cref="Add(DesignCrossing)"/>.
/// </remarks>
internal sealed class DesignCrossing
{
    private readonly int _columns;
    private readonly int _padded;
    private readonly int _k;
    private readonly double[] _x;

    /// <param name="columns">β's length (intercept and the first columns − 1 design columns).</param>
    /// <param name="ancillary">The ancillary parameters per stratum (k).</param>
    /// <param name="strata">The strata with their own ancillary parameters.</param>
    /// <param name="outer">Whether the outer-product sums (R's J'J) are wanted.</param>
    public DesignCrossing(int columns, int ancillary, int strata, bool outer)
    {
        _columns = columns;
        _k = ancillary;
        _padded = (columns + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
        _x = new double[_padded];
        _x[0] = 1;
        Score = new double[_padded];
        Gram = new double[columns * _padded];
        Mixed = new double[strata * ancillary * _padded];
        OuterGram = outer ? new double[columns * _padded] : null;
        OuterMixed = outer ? new double[strata * ancillary * _padded] : null;
    }

    /// <summary>The sums' width: d₀, d₁, k mixed terms, the outer d₀² term and k outer mixed terms.</summary>
    public static int SumsWidth(int ancillary) => 3 + 2 * ancillary;

    /// <summary>The length of a row of <see cref="Gram"/> and of the others: the columns padded to whole vectors.</summary>
    public int Padded => _padded;

    /// <summary>Σ x d₀.</summary>
    public double[] Score { get; }

    /// <summary>Σ x x' d₁, row a at a·<see cref="Padded"/>.</summary>
    public double[] Gram { get; }

    /// <summary>Σ x d_{2+j} of stratum s at (s·k + j)·<see cref="Padded"/>.</summary>
    public double[] Mixed { get; }

    /// <summary>Σ x x' d_{2+k}, as <see cref="Gram"/>; null unless asked for.</summary>
    public double[]? OuterGram { get; }

    /// <summary>Σ x d_{3+k+j}, as <see cref="Mixed"/>; null unless asked for.</summary>
    public double[]? OuterMixed { get; }

    /// <summary>Adds one row: its centred design values (columns − 1 of them read), its stratum and its sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ReadOnlySpan<double> row, int stratum, ReadOnlySpan<double> sums)
    {
        ref var x = ref MemoryMarshal.GetArrayDataReference(_x);
        for (var c = 1; c < _columns; c++) Unsafe.Add(ref x, c) = row[c - 1];
        var vectors = _padded / Vector<double>.Count;
        Scaled(Score, 0, ref x, vectors, sums[0]);
        for (var a = 0; a < _columns; a++) Scaled(Gram, a * _padded, ref x, vectors, Unsafe.Add(ref x, a) * sums[1]);
        for (var j = 0; j < _k; j++) Scaled(Mixed, (stratum * _k + j) * _padded, ref x, vectors, sums[2 + j]);
        if (OuterGram is null) return;
        for (var a = 0; a < _columns; a++) Scaled(OuterGram, a * _padded, ref x, vectors, Unsafe.Add(ref x, a) * sums[2 + _k]);
        for (var j = 0; j < _k; j++) Scaled(OuterMixed!, (stratum * _k + j) * _padded, ref x, vectors, sums[3 + _k + j]);
    }

    /// <summary>Adds another half's sums.</summary>
    public void Add(DesignCrossing other)
    {
        Sum(Score, other.Score);
        Sum(Gram, other.Gram);
        Sum(Mixed, other.Mixed);
        if (OuterGram is null) return;
        Sum(OuterGram, other.OuterGram!);
        Sum(OuterMixed!, other.OuterMixed!);
    }

    /// <summary>target[at..] += scale·x over whole vectors, without bounds checks (the arrays are sized by the constructor).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scaled(double[] target, int at, ref double x, int vectors, double scale)
    {
        ref var t = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(target), at);
        var factor = new Vector<double>(scale);
        for (var v = 0; v < vectors; v++)
        {
            ref var sum = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref t, v * Vector<double>.Count));
            sum += factor * Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref x, v * Vector<double>.Count));
        }
    }

    private static void Sum(double[] target, double[] other)
    {
        for (var i = 0; i < target.Length; i++) target[i] += other[i];
    }
}
