using System.Collections.Immutable;

namespace Survival.Core;

/// <summary>
/// The design matrix of a Cox regression, built as R's <c>model.matrix</c> builds it: a numeric term is one column,
/// a factor with L levels is L − 1 indicator columns for its levels after the first (treatment contrasts).
/// </summary>
/// <remarks>
/// Columns are centred at their means, x − x̄, as R's <c>coxph</c> does for numerical stability: exp(η) stays in
/// range, and the partial likelihood, its score and its information are unchanged by a shift of η common to the
/// whole risk set. The matrix is stored row-major, one row per subject.
/// </remarks>
internal sealed class CoxDesign
{
    private CoxDesign(int subjects, ImmutableArray<CoxDesignColumn> columns, double[] centred, double[] means)
    {
        Subjects = subjects;
        Columns = columns;
        Centred = centred;
        Means = means;
    }

    public int Subjects { get; }

    /// <summary>The columns in model order.</summary>
    public ImmutableArray<CoxDesignColumn> Columns { get; }

    public int Width => Columns.Length;

    /// <summary>x − x̄, row-major: subject i's column c is at i·Width + c.</summary>
    public double[] Centred { get; }

    /// <summary>x̄ of each column.</summary>
    public double[] Means { get; }

    public static CoxDesign Build(IReadOnlyList<CoxCovariate> terms, int subjects)
    {
        var columns = new List<CoxDesignColumn>();
        for (var t = 0; t < terms.Count; t++)
        {
            switch (terms[t])
            {
                case NumericCovariate numeric:
                    columns.Add(new CoxDesignColumn(t, numeric.Name, "", -1, ""));
                    break;
                case FactorCovariate factor:
                    for (var level = 1; level < factor.Factor.LevelCount; level++)
                        columns.Add(new CoxDesignColumn(t, factor.Name, factor.Factor.Levels[level], level, factor.Factor.Levels[0]));
                    break;
            }
        }

        var width = columns.Count;
        var matrix = new double[(long)subjects * width];
        for (var c = 0; c < width; c++)
        {
            var column = columns[c];
            switch (terms[column.Term])
            {
                case NumericCovariate numeric:
                    for (var i = 0; i < subjects; i++) matrix[(long)i * width + c] = numeric.Values[i];
                    break;
                case FactorCovariate factor:
                    var codes = factor.Factor.Codes;
                    for (var i = 0; i < subjects; i++) matrix[(long)i * width + c] = codes[i] == column.LevelIndex ? 1 : 0;
                    break;
            }
        }

        var means = new double[width];
        for (var i = 0; i < subjects; i++)
        {
            for (var c = 0; c < width; c++) means[c] += matrix[(long)i * width + c];
        }
        for (var c = 0; c < width; c++) means[c] /= subjects;
        for (var i = 0; i < subjects; i++)
        {
            for (var c = 0; c < width; c++) matrix[(long)i * width + c] -= means[c];
        }
        return new CoxDesign(subjects, [.. columns], matrix, means);
    }

    /// <summary>The centred row of <paramref name="values"/> for a covariate profile given in original units.</summary>
    public double[] CentredRow(ReadOnlySpan<double> values)
    {
        var row = new double[Width];
        for (var c = 0; c < Width; c++) row[c] = values[c] - Means[c];
        return row;
    }
}
