namespace Survival.Core.Parametric;

/// <summary>A fitted model as the predictions read it: parameters and variance on R's uncentred scale.</summary>
/// <param name="Family">The distribution family.</param>
/// <param name="Space">What the predictions read of the data it was fitted to.</param>
/// <param name="Parameters">β (intercept first) then each stratum's ancillary parameters.</param>
/// <param name="Variance">Their variance, row-major; zero rows for aliased coefficients.</param>
internal sealed record ParametricModel(ParametricFamily Family, ParametricProfileSpace Space, double[] Parameters, double[] Variance)
{
    public int Columns => 1 + Space.Columns.Length;

    public int Size => Parameters.Length;

    /// <summary>The ancillary parameters of stratum <paramref name="stratum"/>.</summary>
    public double[] Shape(int stratum)
    {
        var k = Family.AncillaryCount;
        return k == 0 ? [] : Parameters.AsSpan(Columns + stratum * k, k).ToArray();
    }

    /// <summary>η = x'β for a design row x given without its intercept, in original units.</summary>
    public double LinearPredictor(ReadOnlySpan<double> row)
    {
        var eta = Parameters[0];
        for (var c = 0; c < row.Length; c++) eta += row[c] * Parameters[c + 1];
        return eta;
    }

    /// <summary>
    /// g'Vg for the gradient g of a quantity whose local derivatives are (E, A, B): x·E on β, A and B on the stratum's
    /// ancillary parameters.
    /// </summary>
    public double GradientVariance(ReadOnlySpan<double> row, int stratum, double e, double a, double b)
    {
        Span<double> gradient = stackalloc double[Size];
        gradient.Clear();
        gradient[0] = e;
        for (var c = 0; c < row.Length; c++) gradient[c + 1] = row[c] * e;
        var k = Family.AncillaryCount;
        if (k > 0) gradient[Columns + stratum * k] = a;
        if (k > 1) gradient[Columns + stratum * k + 1] = b;
        var sum = 0.0;
        for (var i = 0; i < Size; i++)
        {
            if (gradient[i] == 0) continue;
            for (var j = 0; j < Size; j++) sum += gradient[i] * Variance[i * Size + j] * gradient[j];
        }
        return Math.Max(sum, 0);
    }
}
