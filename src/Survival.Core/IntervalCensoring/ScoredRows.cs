namespace Survival.Core.IntervalCensoring;

/// <summary>
/// Every distinct (group, interval) row of a table, with where its ends fall in the pooled null estimate: the positions
/// of S(L) and S(R) and the probability P = S(L) − S(R) the null estimate gives it.
/// </summary>
internal sealed class ScoredRows
{
    private ScoredRows(int count)
    {
        Group = new int[count];
        Weight = new double[count];
        LeftPosition = new int[count];
        RightPosition = new int[count];
        Probability = new double[count];
    }

    public int Count => Group.Length;

    /// <summary>The row's group.</summary>
    public int[] Group { get; }

    /// <summary>Its subjects.</summary>
    public double[] Weight { get; }

    /// <summary>The position of S(L) (−1: S = 1).</summary>
    public int[] LeftPosition { get; }

    /// <summary>The position of S(R).</summary>
    public int[] RightPosition { get; }

    /// <summary>P = S(L) − S(R) &gt; 0.</summary>
    public double[] Probability { get; }

    /// <summary>The rank score c = [Ṡ(L) − Ṡ(R)] / P of row <paramref name="i"/> under <paramref name="model"/>.</summary>
    public double Score(RankScoreModel model, int i) =>
        (model.First[LeftPosition[i] + 1] - model.First[RightPosition[i] + 1]) / Probability[i];

    public static ScoredRows Of(IntervalCountingTable table, NullSurvival fit)
    {
        var count = 0;
        for (var s = 0; s < table.StratumCount; s++)
            for (var g = 0; g < table.GroupCount; g++) count += table.Cell(s, g).Count;
        var rows = new ScoredRows(count);
        var i = 0;
        for (var s = 0; s < table.StratumCount; s++)
            for (var g = 0; g < table.GroupCount; g++)
            {
                var cell = table.Cell(s, g);
                for (var row = 0; row < cell.Count; row++, i++)
                {
                    var (l, r) = fit.Positions(cell.Left[row], cell.Right[row]);
                    rows.Group[i] = g;
                    rows.Weight[i] = cell.Counts[row];
                    rows.LeftPosition[i] = l;
                    rows.RightPosition[i] = r;
                    rows.Probability[i] = fit.SurvivalAt(l) - fit.SurvivalAt(r);
                }
            }
        return rows;
    }
}
