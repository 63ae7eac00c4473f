using System.Numerics;
using System.Runtime.InteropServices;

namespace Survival.Core.Parametric;

/// <summary>
/// The crossing of per-row sums with the design, the kernel of the score and information: for rows x = (1, x̃) with
/// sums d (Σ w g_η, Σ w g_ηη, Σ w g_ηθⱼ and, for R's J'J, Σ w g_η², Σ w g_η g_θⱼ), it accumulates Σ x d₀,
/// Σ x x' d₁ and Σ x d_{2+j} per stratum, and the same for the outer-product sums.
/// </summary>
/// <remarks>
/// Rows come in runs (a block of a subject's terms, or a stratum's count-table rows) and every sum over a run is a
/// dot product along the design's columns (<see cref="ParametricData.DesignColumns"/>): Σ x_a x_b d₁ is the dot of
/// x_a⊙d₁ with x_b, by vectors. A subject's terms wait in <see cref="Buffer"/> until a block is full, so that the
/// run stays in the first-level cache. One crossing per half of the data; halves are added with
/// <see cref="Add(DesignCrossing)"/>.
/// </remarks>
internal sealed class DesignCrossing
{
    /// <summary>The rows of a buffered run.</summary>
    public const int Block = 256;

    private readonly double[] _design;
    private readonly int _rowCount;
    private readonly int _columns;
    private readonly int _k;
    private readonly double[] _scratch = new double[Block];

    /// <summary>A block of ones: the intercept's column, read from here rather than from the design.</summary>
    internal static readonly double[] Ones = Enumerable.Repeat(1.0, Block).ToArray();

    /// <param name="data">The data, whose design columns are crossed.</param>
    /// <param name="columns">β's length (the intercept and the first columns − 1 design columns).</param>
    /// <param name="ancillary">The ancillary parameters per stratum (k).</param>
    /// <param name="strata">The strata with their own ancillary parameters.</param>
    /// <param name="outer">Whether the outer-product sums (R's J'J) are wanted.</param>
    public DesignCrossing(ParametricData data, int columns, int ancillary, int strata, bool outer)
    {
        _design = data.DesignColumns;
        _rowCount = data.RowCount;
        _columns = columns;
        _k = ancillary;
        Buffer = new double[SumsWidth(ancillary) * Block];
        Score = new double[columns];
        Gram = new double[columns * columns];
        Mixed = new double[strata * ancillary * columns];
        OuterGram = outer ? new double[columns * columns] : null;
        OuterMixed = outer ? new double[strata * ancillary * columns] : null;
    }

    /// <summary>The sums' count: d₀, d₁, k mixed terms, the outer d₀² term and k outer mixed terms.</summary>
    public static int SumsWidth(int ancillary) => 3 + 2 * ancillary;

    /// <summary>A block of a run's sums, sum j of its row r at j·<see cref="Block"/> + r.</summary>
    public double[] Buffer { get; }

    /// <summary>Σ x d₀.</summary>
    public double[] Score { get; }

    /// <summary>Σ x x' d₁, its upper triangle, row-major (columns × columns).</summary>
    public double[] Gram { get; }

    /// <summary>Σ x d_{2+j} of stratum s at (s·k + j)·columns.</summary>
    public double[] Mixed { get; }

    /// <summary>Σ x x' d_{2+k}, as <see cref="Gram"/>; null unless asked for.</summary>
    public double[]? OuterGram { get; }

    /// <summary>Σ x d_{3+k+j}, as <see cref="Mixed"/>; null unless asked for.</summary>
    public double[]? OuterMixed { get; }

    /// <summary>
    /// Adds the rows [<paramref name="from"/>, from + <paramref name="count"/>) of one stratum, sum j of the run's row r
    /// at <paramref name="sums"/>[<paramref name="offset"/> + j·<paramref name="stride"/> + r].
    /// </summary>
    public void Add(int from, int count, int stratum, double[] sums, int offset, int stride)
    {
        for (var start = 0; start < count; start += Block)
        {
            var length = Math.Min(Block, count - start);
            Cross(from + start, length, stratum, sums, offset + start, stride);
        }
    }

    private void Cross(int from, int count, int stratum, double[] sums, int offset, int stride)
    {
        ReadOnlySpan<double> Sum(int j) => sums.AsSpan(offset + j * stride, count);
        var k = _k;
        var scratch = _scratch.AsSpan(0, count);
        ReadOnlySpan<double> Column(int c) => c == 0 ? Ones.AsSpan(0, count) : _design.AsSpan(c * _rowCount + from, count);
        for (var a = 0; a < _columns; a++)
        {
            var xa = Column(a);
            Score[a] += Dot(xa, Sum(0));
            Multiply(xa, Sum(1), scratch);
            for (var b = a; b < _columns; b++) Gram[a * _columns + b] += Dot(scratch, Column(b));
            for (var j = 0; j < k; j++) Mixed[((stratum * k) + j) * _columns + a] += Dot(xa, Sum(2 + j));
            if (OuterGram is null) continue;
            Multiply(xa, Sum(2 + k), scratch);
            for (var b = a; b < _columns; b++) OuterGram[a * _columns + b] += Dot(scratch, Column(b));
            for (var j = 0; j < k; j++) OuterMixed![((stratum * k) + j) * _columns + a] += Dot(xa, Sum(3 + k + j));
        }
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

    /// <summary>Σ x y by vectors, four at a time so that the additions do not wait on each other.</summary>
    internal static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..x.Length]);
        Vector<double> s0 = Vector<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
        var v = 0;
        for (; v + 4 <= vx.Length; v += 4)
        {
            s0 += vx[v] * vy[v];
            s1 += vx[v + 1] * vy[v + 1];
            s2 += vx[v + 2] * vy[v + 2];
            s3 += vx[v + 3] * vy[v + 3];
        }
        for (; v < vx.Length; v++) s0 += vx[v] * vy[v];
        var result = Vector.Sum((s0 + s1) + (s2 + s3));
        for (var i = vx.Length * Vector<double>.Count; i < x.Length; i++) result += x[i] * y[i];
        return result;
    }

    /// <summary>x⊙y into <paramref name="product"/>.</summary>
    internal static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> product)
    {
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..x.Length]);
        var vp = MemoryMarshal.Cast<double, Vector<double>>(product[..x.Length]);
        for (var v = 0; v < vx.Length; v++) vp[v] = vx[v] * vy[v];
        for (var i = vx.Length * Vector<double>.Count; i < x.Length; i++) product[i] = x[i] * y[i];
    }

    private static void Sum(double[] target, double[] other)
    {
        for (var i = 0; i < target.Length; i++) target[i] += other[i];
    }
}
