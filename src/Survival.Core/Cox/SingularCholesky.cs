using MathNet.Numerics.LinearAlgebra;

namespace Survival.Core.Cox;

/// <summary>
/// Solves with an information matrix that may be singular, dropping columns as R's <c>coxph</c> does
/// (its <c>cholesky2</c> with <c>toler.chol</c>): columns are taken in order, and a column whose pivot — its variance
/// left after regressing on the columns already kept — is below tol · max diagonal is aliased. Aliased columns get a
/// zero step and a zero row and column in the inverse (R's NA coefficient).
/// </summary>
/// <remarks>
/// The pivot of column c given the kept set K is A_cc − A_cK A_KK⁻¹ A_Kc, the c-th pivot of the LDL' factorization
/// with the aliased columns skipped. The kept block is factorized by MathNet's Cholesky.
/// </remarks>
internal sealed class SingularCholesky
{
    /// <summary>R's <c>coxph.control()$toler.chol</c> = .Machine$double.eps^0.75.</summary>
    public static readonly double Tolerance = Math.Pow(2.220446049250313e-16, 0.75);

    private readonly int _size;
    private readonly int[] _kept;
    private readonly MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? _cholesky;

    public SingularCholesky(double[] matrix, int size)
        : this(matrix, size, Tolerance)
    {
    }

    /// <summary>The factorization with tolerance <paramref name="tolerance"/> (R's <c>survreg.control()$toler.chol</c> is 10⁻¹⁰).</summary>
    public SingularCholesky(double[] matrix, int size, double tolerance)
    {
        _size = size;
        var dense = Matrix<double>.Build.Dense(size, size, matrix);
        var largest = 0.0;
        for (var c = 0; c < size; c++) largest = Math.Max(largest, dense[c, c]);
        var threshold = largest > 0 ? largest * tolerance : tolerance;

        var kept = new List<int>();
        for (var c = 0; c < size; c++)
        {
            var pivot = dense[c, c];
            if (kept.Count > 0 && double.IsFinite(pivot))
            {
                var block = Select(dense, kept, kept);
                var cross = Vector<double>.Build.Dense(kept.Count, k => dense[kept[k], c]);
                pivot -= cross.DotProduct(block.Cholesky().Solve(cross));
            }
            if (double.IsFinite(pivot) && pivot >= threshold) kept.Add(c);
            else if (pivot < -8 * threshold) NegativePivot = true;
        }
        _kept = [.. kept];
        _cholesky = _kept.Length > 0 ? Select(dense, kept, kept).Cholesky() : null;
    }

    /// <summary>
    /// Whether a dropped pivot was below −8·tol·max diagonal, so the matrix is not non-negative definite (R's
    /// <c>cholesky2</c> then returns a negative rank, and <c>survreg</c> steps by J'J instead).
    /// </summary>
    public bool NegativePivot { get; }

    /// <summary>The number of columns kept (the rank).</summary>
    public int Rank => _kept.Length;

    /// <summary>Whether column <paramref name="column"/> is kept.</summary>
    public bool IsKept(int column) => Array.IndexOf(_kept, column) >= 0;

    /// <summary>A⁻¹b on the kept columns, zero on the aliased ones.</summary>
    public double[] Solve(ReadOnlySpan<double> vector)
    {
        var result = new double[_size];
        if (_cholesky is null) return result;
        var kept = vector.ToArray();
        var solution = _cholesky.Solve(Vector<double>.Build.Dense(_kept.Length, k => kept[_kept[k]]));
        for (var k = 0; k < _kept.Length; k++) result[_kept[k]] = solution[k];
        return result;
    }

    /// <summary>The inverse on the kept block, zero rows and columns for the aliased ones; row-major.</summary>
    public double[] Inverse()
    {
        var result = new double[_size * _size];
        if (_cholesky is null) return result;
        var inverse = _cholesky.Solve(Matrix<double>.Build.DenseIdentity(_kept.Length));
        for (var a = 0; a < _kept.Length; a++)
        {
            for (var b = 0; b < _kept.Length; b++) result[_kept[a] * _size + _kept[b]] = inverse[a, b];
        }
        return result;
    }

    private static Matrix<double> Select(Matrix<double> dense, List<int> rows, List<int> columns) =>
        Matrix<double>.Build.Dense(rows.Count, columns.Count, (r, c) => dense[rows[r], columns[c]]);
}
