using Survival.Core.Counting;
using Survival.Core.Inference;
using Survival.Core.Numerics;
using Survival.Core.Regression;

namespace Survival.Core.GroupTests;

/// <summary>The weighted log-rank family of k-sample tests, with strata and the test for trend.</summary>
public static class WeightedLogRank
{
    /// <summary>Compares the survival of the groups with the test of weight <paramref name="weight"/>.</summary>
    /// <remarks>
    /// At each distinct event time t_j of a stratum, with n_j at risk and d_j events over all groups, n_gj and d_gj
    /// in group g and the weight w_j of <see cref="TestWeight"/>:
    /// <code>
    /// U_g  = Σ_j w_j (d_gj − d_j n_gj / n_j)
    /// V_gh = Σ_j w_j² d_j (n_j − d_j)/(n_j − 1) · (n_gj/n_j)(δ_gh − n_hj/n_j)      (no term when n_j = 1)
    /// χ²   = U'V⁻U   on k' − 1 degrees of freedom
    /// </code>
    /// (Klein &amp; Moeschberger 2003, §7.3). As R's <c>survdiff</c>, a group whose (weighted) expected count is 0 is
    /// left out and k' counts the others; V⁻ is then the inverse of V without its first remaining row and column
    /// (V has rank k' − 1 and U sums to 0, so any one may be dropped). With strata, U and V are summed over strata and
    /// each stratum has its own risk sets and weights (R's <c>survdiff(... + strata(s))</c>).
    /// <para>The trend test for scores s is χ² = (s'U)² / (s'Vs) on 1 degree of freedom.</para>
    /// </remarks>
    /// <param name="data">Times and event indicators.</param>
    /// <param name="groups">Each subject's group; at least two groups.</param>
    /// <param name="strata">Each subject's stratum, or null for an unstratified test.</param>
    /// <param name="weight">The weight function.</param>
    /// <param name="flemingHarringtonP">p of the Fleming–Harrington weight (ignored for the others).</param>
    /// <param name="flemingHarringtonQ">q of the Fleming–Harrington weight (ignored for the others).</param>
    /// <param name="trendScores">Null for no trend test; empty for scores 1, 2, …, k in group order; else one score per group.</param>
    /// <exception cref="InputRuleException">Fewer than two groups, or a factor does not match the data.</exception>
    /// <exception cref="InputRuleException">An exponent, the weight or the trend scores break <see cref="InputRules"/>.</exception>
    public static WeightedLogRankResult Test(
        SurvivalData data,
        Factor groups,
        Factor? strata,
        TestWeight weight,
        double flemingHarringtonP = 0,
        double flemingHarringtonQ = 0,
        IReadOnlyList<double>? trendScores = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return Test(CountingTable.FromSubjects(data, groups, strata), strata is not null, weight, flemingHarringtonP, flemingHarringtonQ, trendScores);
    }

    /// <summary>Compares the survival of the groups of a counting table, within its strata when <paramref name="stratified"/>.</summary>
    /// <remarks>See the overload on subjects; the test depends on the data only through the table's risk sets.</remarks>
    /// <exception cref="InputRuleException">Fewer than two groups, or an exponent, the weight or the trend scores break <see cref="InputRules"/>.</exception>
    public static WeightedLogRankResult Test(
        CountingTable counts,
        bool stratified,
        TestWeight weight,
        double flemingHarringtonP = 0,
        double flemingHarringtonQ = 0,
        IReadOnlyList<double>? trendScores = null)
    {
        CheckWeight(weight, flemingHarringtonP, flemingHarringtonQ);
        RejectCaseWeights(counts);
        var table = RiskSets.Build(counts, stratified);
        return Test(table, weight, flemingHarringtonP, flemingHarringtonQ, TrendScores(trendScores, table.GroupCount));
    }

    /// <summary>The family takes no case weights (R's <c>survdiff</c> has none): a weighted table is an error, never tested unweighted.</summary>
    /// <exception cref="InputRuleException">The table has case weights.</exception>
    internal static void RejectCaseWeights(CountingTable counts)
    {
        if (counts.Weighted) throw new InputRuleException(CombinationRules.TestsWithWeights.Field, CombinationRules.TestsWithWeights.Requirement);
    }

    /// <summary>Checks a weight and its exponents against <see cref="InputRules"/>.</summary>
    internal static void CheckWeight(TestWeight weight, double p, double q)
    {
        if (!Enum.IsDefined(weight))
            throw new InputRuleException("weights", "must be known test weights");
        if (!InputRules.IsFlemingHarringtonExponent(p))
            throw new InputRuleException("fh_p", InputRules.FlemingHarringtonExponentRequirement);
        if (!InputRules.IsFlemingHarringtonExponent(q))
            throw new InputRuleException("fh_q", InputRules.FlemingHarringtonExponentRequirement);
    }

    /// <summary>The trend scores to use: null for none, 1..k when none are given, else the checked scores.</summary>
    internal static double[]? TrendScores(IReadOnlyList<double>? scores, int groupCount)
    {
        if (scores is null) return null;
        if (!InputRules.AreTrendScores(scores, groupCount))
            throw new InputRuleException("trend_scores", $"{InputRules.TrendScoresRequirement}; there are {groupCount} groups");
        return scores.Count == 0 ? [.. Enumerable.Range(1, groupCount).Select(s => (double)s)] : [.. scores];
    }

    /// <summary>w_j of <paramref name="weight"/> at one event time, for the permutation scores.</summary>
    internal static double WeightAt(TestWeight weight, double p, double q, in EventTimeSummary time) => weight switch
    {
        TestWeight.LogRank => new LogRankWeight().At(time),
        TestWeight.GehanBreslow => new GehanBreslowWeight().At(time),
        TestWeight.TaroneWare => new TaroneWareWeight().At(time),
        TestWeight.PetoPeto => new PetoPetoWeight().At(time),
        TestWeight.ModifiedPetoPeto => new ModifiedPetoPetoWeight().At(time),
        TestWeight.FlemingHarrington => new FlemingHarringtonWeight(p, q).At(time),
        _ => throw new ArgumentOutOfRangeException(nameof(weight), weight, "unknown test weight"),
    };

    internal static WeightedLogRankResult Test(RiskSets table, TestWeight weight, double p, double q, double[]? trendScores) =>
        weight switch
        {
            TestWeight.LogRank => Test(table, new LogRankWeight(), weight, null, trendScores),
            TestWeight.GehanBreslow => Test(table, new GehanBreslowWeight(), weight, null, trendScores),
            TestWeight.TaroneWare => Test(table, new TaroneWareWeight(), weight, null, trendScores),
            TestWeight.PetoPeto => Test(table, new PetoPetoWeight(), weight, null, trendScores),
            TestWeight.ModifiedPetoPeto => Test(table, new ModifiedPetoPetoWeight(), weight, null, trendScores),
            TestWeight.FlemingHarrington => Test(table, new FlemingHarringtonWeight(p, q), weight, (p, q), trendScores),
            _ => throw new ArgumentOutOfRangeException(nameof(weight), weight, "unknown test weight"),
        };

    private static WeightedLogRankResult Test<TWeight>(
        RiskSets table, TWeight weightFunction, TestWeight weight, (double P, double Q)? exponents, double[]? trendScores)
        where TWeight : struct, ILogRankWeight
    {
        var (observed, expected, variance) = Accumulate(table, weightFunction);
        var k = table.GroupCount;
        var score = new double[k];
        for (var g = 0; g < k; g++) score[g] = observed[g] - expected[g];
        var noEvents = table.RowCount == 0;

        return new WeightedLogRankResult(
            weight,
            exponents?.P,
            exponents?.Q,
            table.Stratified,
            noEvents ? ChiSquareTest.NotEstimable(k - 1, NoEventsReason) : Overall(score, expected, variance),
            observed.Own(),
            expected.Own(),
            variance.Own(),
            trendScores is null ? null : new TrendTestResult(
                trendScores.Own(),
                noEvents ? ChiSquareTest.NotEstimable(1, NoEventsReason) : Trend(score, variance, trendScores)));
    }

    internal const string NoEventsReason = "no events: every subject is censored";

    /// <summary>Sums the weighted observed and expected events and the variance over the event times of every stratum.</summary>
    private static (double[] Observed, double[] Expected, double[] Variance) Accumulate<TWeight>(RiskSets table, TWeight weight)
        where TWeight : struct, ILogRankWeight
    {
        var k = table.GroupCount;
        var observed = new double[k];
        var expected = new double[k];
        var variance = new double[k * k];
        for (var s = 0; s < table.StratumCount; s++)
        {
            double survival = 1, peto = 1;
            for (var row = table.StratumStarts[s]; row < table.StratumStarts[s + 1]; row++)
            {
                double n = table.TotalAtRisk[row], d = table.TotalDeaths[row];
                peto *= 1 - d / (n + 1);
                var w = weight.At(new EventTimeSummary(n, d, survival, peto));
                survival *= 1 - d / n;

                var cells = row * k;
                var spread = n > 1 ? w * w * d * (n - d) / (n - 1) : 0;
                for (var g = 0; g < k; g++)
                {
                    var share = table.AtRisk[cells + g] / n;
                    observed[g] += w * table.Deaths[cells + g];
                    expected[g] += w * d * share;
                    if (spread == 0 || share == 0) continue;
                    variance[g * k + g] += spread * share;
                    for (var h = 0; h < k; h++) variance[g * k + h] -= spread * share * (table.AtRisk[cells + h] / n);
                }
            }
        }
        return (observed, expected, variance);
    }

    /// <summary>U'V⁻U over the groups with a positive expected count, the first of them left out, as R's survdiff.</summary>
    private static ChiSquareTest Overall(double[] score, double[] expected, double[] variance)
    {
        var k = score.Length;
        var kept = Enumerable.Range(0, k).Where(g => expected[g] > 0).ToArray();
        if (kept.Length < 2)
            return ChiSquareTest.NotEstimable(Math.Max(kept.Length - 1, 0), "fewer than two groups have a positive expected number of events");

        var used = kept[1..];
        var m = used.Length;
        var u = new double[m];
        var v = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            u[i] = score[used[i]];
            for (var j = 0; j < m; j++) v[i * m + j] = variance[used[i] * k + used[j]];
        }
        return PositiveDefinite.InverseQuadraticForm(v, u) is { } statistic
            ? ChiSquareTest.Of(statistic, m)
            : ChiSquareTest.NotEstimable(m, "the variance matrix is singular");
    }

    private static ChiSquareTest Trend(double[] score, double[] variance, double[] scores)
    {
        var k = score.Length;
        double su = 0, svs = 0;
        for (var g = 0; g < k; g++)
        {
            su += scores[g] * score[g];
            for (var h = 0; h < k; h++) svs += scores[g] * variance[g * k + h] * scores[h];
        }
        return svs > 0
            ? ChiSquareTest.Of(su * su / svs, 1)
            : ChiSquareTest.NotEstimable(1, "the variance of the trend statistic s'U is zero");
    }
}
