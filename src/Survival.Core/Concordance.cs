namespace Survival.Core;

/// <summary>Harrell's concordance of a risk score that is constant within groups, as R's <c>concordance</c> for a Cox model.</summary>
/// <remarks>
/// A pair is comparable when one subject has an event at t and the other is still at risk after t, or censored at t
/// (R counts a censoring tied with an event as later); two events at the same time are not compared (R's tied.y),
/// and pairs are formed within strata only. The pair is concordant when the subject with the event has the higher
/// risk score, discordant when lower, and tied when equal (R's tied.x):
/// <code>
/// C = (concordant + tied/2) / (concordant + discordant + tied)
/// </code>
/// (Harrell, Califf, Pryor, Lee &amp; Rosati 1982). Since the score depends on the group only, the pairs are counted
/// from the risk table: at an event time, the d_g events of group g pair with the n_h − d_h others of group h, so the
/// whole count costs O(event times × groups²) rather than a sort of the subjects. With case weights a pair counts
/// w_i·w_j, as R's <c>concordance</c> with weights: the counts become the weighted sums.
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

    /// <summary>C for group scores <paramref name="score"/>; null when no pair is comparable.</summary>
    public static double? Compute(RiskSets table, ReadOnlySpan<double> score)
    {
        var k = table.GroupCount;
        double concordant = 0, discordant = 0, tied = 0;
        for (var row = 0; row < table.RowCount; row++)
        {
            for (var g = 0; g < k; g++)
            {
                var events = table.CoxDeaths[row * k + g];
                if (events == 0) continue;
                for (var h = 0; h < k; h++)
                {
                    var pairs = events * (table.CoxAtRisk[row * k + h] - table.CoxDeaths[row * k + h]);
                    var difference = score[g] - score[h];
                    if (Math.Abs(difference) <= TieTolerance * (1 + Math.Max(Math.Abs(score[g]), Math.Abs(score[h])))) tied += pairs;
                    else if (difference > 0) concordant += pairs;
                    else discordant += pairs;
                }
            }
        }
        var comparable = concordant + discordant + tied;
        return comparable > 0 ? (concordant + tied / 2) / comparable : null;
    }
}
