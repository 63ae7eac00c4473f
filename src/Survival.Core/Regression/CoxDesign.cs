using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Survival.Core.Numerics;

namespace Survival.Core.Regression;

/// <summary>
/// The design matrix of a Cox regression, built as R's <c>model.matrix</c> builds it: a numeric term is one column,
/// a factor with L levels is L − 1 indicator columns for its levels after the first (treatment contrasts).
/// </summary>
/// <remarks>
/// Columns are centred at their means, x − x̄, as R's <c>coxph</c> does for numerical stability: exp(η) stays in
/// range, and the partial likelihood, its score and its information are unchanged by a shift of η common to the
/// whole risk set. The centred matrix is written row-major in the order the risk-set sweep reads it
/// (<see cref="CentredRows"/>), so it exists once, already sorted.
/// </remarks>
internal sealed class CoxDesign
{
    private readonly IReadOnlyList<CoxCovariate> _terms;

    private CoxDesign(IReadOnlyList<CoxCovariate> terms, int subjects, ImmutableArray<CoxDesignColumn> columns, double[] means)
    {
        _terms = terms;
        Subjects = subjects;
        Columns = columns;
        Means = means;
    }

    public int Subjects { get; }

    /// <summary>The columns in model order.</summary>
    public ImmutableArray<CoxDesignColumn> Columns { get; }

    public int Width => Columns.Length;

    /// <summary>x̄ of each column.</summary>
    public double[] Means { get; }

    public static CoxDesign Build(IReadOnlyList<CoxCovariate> terms, int subjects)
    {
        var columns = new List<CoxDesignColumn>();
        var means = new List<double>();
        for (var t = 0; t < terms.Count; t++)
        {
            switch (terms[t])
            {
                case NumericCovariate numeric:
                    columns.Add(new CoxDesignColumn(t, numeric.Name, "", -1, ""));
                    var sum = 0.0;
                    foreach (var value in numeric.Values) sum += value;
                    means.Add(sum / subjects);
                    break;
                case FactorCovariate factor:
                    var counts = new int[factor.Factor.LevelCount];
                    foreach (var code in factor.Factor.Codes) counts[code]++;
                    for (var level = 1; level < factor.Factor.LevelCount; level++)
                    {
                        columns.Add(new CoxDesignColumn(t, factor.Name, factor.Factor.Levels[level], level, factor.Factor.Levels[0]));
                        means.Add((double)counts[level] / subjects);
                    }
                    break;
            }
        }
        return new CoxDesign(terms, subjects, [.. columns], [.. means]);
    }

    /// <summary>x − x̄ row-major with subject i in row <paramref name="rowOf"/>[i].</summary>
    /// <remarks>
    /// Subjects are read in their own order and each row is written whole where it belongs: one scattered cache
    /// line per subject, where gathering the rows in sorted order would take a scattered read per column; the two
    /// halves of the subjects are written side by side.
    /// </remarks>
    public double[] CentredRows(int[] rowOf)
    {
        var width = Width;
        var rows = new double[(long)rowOf.Length * width];
        var numeric = new double[]?[width];
        var codes = new int[]?[width];
        for (var c = 0; c < width; c++)
        {
            switch (_terms[Columns[c].Term])
            {
                case NumericCovariate term:
                    numeric[c] = ImmutableCollectionsMarshal.AsArray(term.Values);
                    break;
                case FactorCovariate term:
                    codes[c] = ImmutableCollectionsMarshal.AsArray(term.Factor.Codes);
                    break;
            }
        }
        var level = new int[width];
        for (var c = 0; c < width; c++) level[c] = Columns[c].LevelIndex;
        var means = Means;
        ParallelHalves.Run(rowOf.Length, (_, from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                var row = rows.AsSpan((int)((long)rowOf[i] * width), width);
                for (var c = 0; c < width; c++)
                    row[c] = (numeric[c] is { } values ? values[i] : codes[c]![i] == level[c] ? 1 : 0) - means[c];
            }
        });
        return rows;
    }

    /// <summary>The centred row of <paramref name="values"/> for a covariate profile given in original units.</summary>
    public double[] CentredRow(ReadOnlySpan<double> values)
    {
        var row = new double[Width];
        for (var c = 0; c < Width; c++) row[c] = values[c] - Means[c];
        return row;
    }
}
