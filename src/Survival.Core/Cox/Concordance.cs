using Survival.Core.Counting;

namespace Survival.Core.Cox;

/// <summary>
/// Harrell's concordance of a risk score that is constant within groups, with its standard error, as R's
/// <c>coxph()$concordance</c> for a Cox model on the group factor.
/// </summary>
/// <remarks>
/// A pair is comparable when one subject has an event at t and the other is still at risk after t, or censored at t
/// (R counts a censoring tied with an event as later); two events at the same time are not compared (R's tied.y),
/// and pairs are formed within strata only. The pair is concordant when the subject with the event has the higher
/// risk score, discordant when lower, and tied when equal (R's tied.x); the estimate and its infinitesimal-jackknife
/// variance are <see cref="ConcordanceVariance"/>'s. Since the score depends on the group only, the pairs are counted
/// from the risk table: at an event time, the d_g events of group g pair with the n_h − d_h others of group h, so the
/// whole count costs O(event times × groups²) rather than a sort of the subjects. With case weights a pair counts
/// w_i·w_j, as R's <c>concordance</c> with weights: the counts become the weighted sums.
/// <para>
/// The variance needs each subject's own pairs, and subjects of one group share them when they leave the risk set
/// between the same two event times: the d_g events at row r (paired as the event with those at risk after them, and
/// as the one at risk with the events of earlier rows), and the n_g(r) − d_g(r) − n_g(r + 1) subjects censored from
/// row r until the next (paired with the events up to row r). Subjects censored before the first event are in no
/// pair. With delayed entry a subject's pairs depend on when it entered as well as when it left, which the table
/// does not link, so the standard error is not estimable from it. With case weights the counts are weight sums and a
/// class adds Σ w² over its subjects times dₖ², as R's weighted jackknife Σₖ wₖ² dₖ²; the sums of squares are read
/// from the cells the rows were built from.
/// </para>
/// <para>
/// Scores closer than 10⁻¹⁰·(1 + |score|) count as tied. Two groups whose coefficients are equal in exact arithmetic
/// (for example groups of the same size with one event each, at times that are equally placed in their risk sets)
/// come out of Newton–Raphson equal only up to rounding; R compares the rounded values exactly, so whether it calls
/// such pairs tied depends on the last bits of its arithmetic, which cannot be reproduced.
/// </para>
/// </remarks>
internal static class Concordance
{
    private const double TieTolerance = 1e-10;

    /// <summary>The concordance for group scores <paramref name="score"/>; null when no pair is comparable.</summary>
    /// <returns>The estimate, whose standard error is meaningful only when <paramref name="table"/> has no delayed entry.</returns>
    public static ConcordanceEstimate? Compute(RiskSets table, ReadOnlySpan<double> score)
    {
        var k = table.GroupCount;
        var classes = table.DelayedEntry ? 0 : 2 * table.RowCount * k;
        var squares = table.Weighted && classes > 0 ? SquaredWeights(table) : null;
        var net = new double[classes];
        var pairs = new double[classes];
        var multiplicity = new double[classes];
        var earlierEvents = new double[k];
        double concordant = 0, discordant = 0, tied = 0;
        for (var s = 0; s < table.StratumCount; s++)
        {
            Array.Clear(earlierEvents);
            var last = table.StratumStarts[s + 1] - 1;
            for (var row = table.StratumStarts[s]; row <= last; row++)
            {
                for (var g = 0; g < k; g++)
                {
                    var cell = row * k + g;
                    var events = table.CoxDeaths[cell];
                    if (events > 0)
                    {
                        var (c, d, t) = (0.0, 0.0, 0.0);
                        for (var h = 0; h < k; h++)
                            Add(Compare(score[g], score[h]), table.CoxAtRisk[row * k + h] - table.CoxDeaths[row * k + h], ref c, ref d, ref t);
                        concordant += events * c;
                        discordant += events * d;
                        tied += events * t;
                        if (classes == 0) continue;
                        for (var h = 0; h < k; h++) Add(Compare(score[h], score[g]), earlierEvents[h], ref c, ref d, ref t);
                        (net[2 * cell], pairs[2 * cell], multiplicity[2 * cell]) = (c - d, c + d + t, squares?[2 * cell] ?? events);
                    }
                    if (classes == 0) continue;
                    var censored = table.AtRisk[cell] - table.Deaths[cell] - (row < last ? table.AtRisk[cell + k] : 0);
                    if (censored == 0) continue;
                    var (cc, dc, tc) = (0.0, 0.0, 0.0);
                    for (var h = 0; h < k; h++)
                        Add(Compare(score[h], score[g]), earlierEvents[h] + table.CoxDeaths[row * k + h], ref cc, ref dc, ref tc);
                    (net[2 * cell + 1], pairs[2 * cell + 1], multiplicity[2 * cell + 1]) = (cc - dc, cc + dc + tc, squares?[2 * cell + 1] ?? censored);
                }
                for (var h = 0; h < k; h++) earlierEvents[h] += table.CoxDeaths[row * k + h];
            }
        }
        return ConcordanceVariance.Estimate(concordant, discordant, tied, net, pairs, multiplicity);
    }

    /// <summary>
    /// Σ w² of each class, laid out as the classes: the events of group g at row r (at 2·(r·k + g)), and those censored
    /// from row r's time until the next row's (at 2·(r·k + g) + 1; the last row's until the end).
    /// </summary>
    private static double[] SquaredWeights(RiskSets table)
    {
        var k = table.GroupCount;
        var squares = new double[2 * table.RowCount * k];
        for (var s = 0; s < table.StratumCount; s++)
        {
            var (first, end) = (table.StratumStarts[s], table.StratumStarts[s + 1]);
            if (first == end) continue;
            for (var g = 0; g < k; g++)
            {
                var cell = table.Cells[s * k + g];
                var weights = cell.Weights!;
                var row = first;
                for (var i = 0; i < cell.Count; i++)
                {
                    var t = cell.Times[i];
                    // Censorings before the stratum's first event time are in no pair.
                    if (t < table.Times[first]) continue;
                    while (row + 1 < end && table.Times[row + 1] <= t) row++;
                    if (t == table.Times[row]) squares[2 * (row * k + g)] += weights.EventSquares[i];
                    squares[2 * (row * k + g) + 1] += weights.CensoredSquares[i];
                }
            }
        }
        return squares;
    }

    /// <summary>+1 when the first score is the higher, −1 when lower, 0 when tied within the tolerance.</summary>
    private static int Compare(double first, double second)
    {
        var difference = first - second;
        if (Math.Abs(difference) <= TieTolerance * (1 + Math.Max(Math.Abs(first), Math.Abs(second)))) return 0;
        return difference > 0 ? 1 : -1;
    }

    private static void Add(int comparison, double count, ref double concordant, ref double discordant, ref double tied)
    {
        if (comparison > 0) concordant += count;
        else if (comparison < 0) discordant += count;
        else tied += count;
    }
}
