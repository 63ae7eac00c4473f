using MathNet.Numerics.LinearAlgebra;
using Survival.Core.Counting;

namespace Survival.Core.Numerics;

/// <summary>
/// Solves with symmetric positive-definite matrices (variance and information matrices) by MathNet's Cholesky
/// factorization. A matrix that is not positive definite gives null: the caller reports what is not estimable.
/// </summary>
internal static class PositiveDefinite
{
    /// <summary>A⁻¹b for the m×m matrix <paramref name="matrix"/> stored row-major.</summary>
    public static double[]? Solve(double[] matrix, double[] vector)
    {
        var cholesky = Decompose(matrix, vector.Length);
        return cholesky?.Solve(Vector<double>.Build.Dense(vector)).ToArray();
    }

    /// <summary>A⁻¹, row-major.</summary>
    public static double[]? Inverse(double[] matrix, int size)
    {
        var cholesky = Decompose(matrix, size);
        return cholesky?.Solve(Matrix<double>.Build.DenseIdentity(size)).ToColumnMajorArray();
    }

    /// <summary>b'A⁻¹b.</summary>
    public static double? InverseQuadraticForm(double[] matrix, double[] vector)
    {
        var solution = Solve(matrix, vector);
        if (solution is null) return null;
        var sum = 0.0;
        for (var i = 0; i < vector.Length; i++) sum += vector[i] * solution[i];
        return sum;
    }

    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? Decompose(double[] matrix, int size)
    {
        // Row-major and column-major storage coincide for a symmetric matrix.
        var dense = Matrix<double>.Build.Dense(size, size, matrix);
        try
        {
            return dense.Cholesky();
        }
        catch (ArgumentException)
        {
            // MathNet signals a matrix that is not positive definite (a zero or negative pivot) this way.
            return null;
        }
    }
}
