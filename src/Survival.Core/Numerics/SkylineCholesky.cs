namespace Survival.Core.Numerics;

/// <summary>
/// The Cholesky factorization A = LLᵀ of a symmetric positive-definite matrix stored by its envelope (skyline): row i
/// keeps only its columns from <c>first[i]</c> to i, because the factor's fill stays within that envelope.
/// </summary>
/// <remarks>
/// Jennings (1966), "A compact storage scheme for the solution of symmetric linear simultaneous equations", Computer
/// Journal 9:281–285; George &amp; Liu (1981), Computer Solution of Large Sparse Positive Definite Systems, ch. 4. Row by
/// row: L_ij = (A_ij − Σ_{k=max(f_i,f_j)}^{j−1} L_ik L_jk) / L_jj for f_i ≤ j &lt; i, and L_ii = √(A_ii − Σ_k L_ik²). The work
/// is Σ_i Σ_j (j − max(f_i, f_j)): a matrix whose rows reach only a few columns back, with any number of dense last rows,
/// costs little more than its storage. (MathNet's Cholesky is dense only.)
/// </remarks>
internal sealed class SkylineCholesky
{
    private readonly int[] _first;
    private readonly int[] _offset;
    private readonly double[] _values;

    /// <summary>
    /// Wraps an envelope of the first <paramref name="size"/> rows (all of <paramref name="first"/> by default): row i's
    /// entry (i, j), first[i] ≤ j ≤ i, is at <c>values[offset[i] + j − first[i]]</c>. The arrays may be longer buffers.
    /// </summary>
    public SkylineCholesky(int[] first, int[] offset, double[] values, int size = -1)
    {
        _first = first;
        _offset = offset;
        _values = values;
        Size = size < 0 ? first.Length : size;
    }

    /// <summary>The order of the matrix.</summary>
    public int Size { get; }

    /// <summary>
    /// Factorizes in place. Returns −1, or the first row whose pivot is not positive relative to its diagonal
    /// (the matrix is singular or indefinite there): the caller decides what to drop.
    /// </summary>
    public int Factorize(double relativePivot = 1e-13)
    {
        for (var i = 0; i < Size; i++)
        {
            var fi = _first[i];
            var row = _offset[i] - fi;
            for (var j = fi; j < i; j++)
            {
                var fj = _first[j];
                var other = _offset[j] - fj;
                var sum = _values[row + j] - Dot(row, other, Math.Max(fi, fj), j);
                _values[row + j] = sum / _values[other + j];
            }
            var diagonal = _values[row + i];
            var pivot = diagonal - Dot(row, row, fi, i);
            if (!(pivot > relativePivot * Math.Abs(diagonal))) return i;
            _values[row + i] = Math.Sqrt(pivot);
        }
        return -1;
    }

    /// <summary>Solves LLᵀx = b in place (b becomes x); the matrix must have been factorized.</summary>
    public void Solve(double[] b)
    {
        for (var i = 0; i < Size; i++)
        {
            var fi = _first[i];
            var row = _offset[i] - fi;
            var sum = b[i];
            for (var k = fi; k < i; k++) sum -= _values[row + k] * b[k];
            b[i] = sum / _values[row + i];
        }
        for (var i = Size - 1; i >= 0; i--)
        {
            var fi = _first[i];
            var row = _offset[i] - fi;
            b[i] /= _values[row + i];
            var x = b[i];
            for (var k = fi; k < i; k++) b[k] -= _values[row + k] * x;
        }
    }

    private double Dot(int rowA, int rowB, int from, int to)
    {
        var a = _values.AsSpan(rowA + from, Math.Max(0, to - from));
        var b = _values.AsSpan(rowB + from, a.Length);
        var sum = 0.0;
        var k = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && a.Length >= 2 * System.Numerics.Vector<double>.Count)
        {
            var acc = System.Numerics.Vector<double>.Zero;
            var width = System.Numerics.Vector<double>.Count;
            for (; k <= a.Length - width; k += width)
                acc += new System.Numerics.Vector<double>(a[k..]) * new System.Numerics.Vector<double>(b[k..]);
            sum = System.Numerics.Vector.Dot(acc, System.Numerics.Vector<double>.One);
        }
        for (; k < a.Length; k++) sum += a[k] * b[k];
        return sum;
    }
}
