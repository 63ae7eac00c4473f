using Survival.Core.Counting;
using Survival.Core.Numerics;

namespace Survival.Core.GroupTests;

/// <summary>
/// The permutation (conditional) p-value of a weighted log-rank test: exact by the shift algorithm for two groups, or by
/// Monte Carlo relabelling for any number of groups and strata; equal to coin's <c>logrank_test</c> with the matching type.
/// </summary>
/// <remarks>
/// Given the observed times, ties and censorings, every relabelling of the subjects within their stratum that keeps the
/// group sizes is equally likely under equal survival. With the scores a of <see cref="PermutationScores"/>, group g's
/// linear statistic T_g = Σ a over its subjects has, in a stratum of N subjects with mean score ā and
/// σ² = Σ (a − ā)²/N, the moments E T_g = n_g ā and Cov(T_g, T_h) = N/(N − 1) σ² (n_g δ_gh − n_g n_h/N), summed over
/// strata (Strasser &amp; Weber 1999; coin's independence_test). Two groups: Z = (T₁ − E T₁)/√V(T₁), two-sided
/// p = P(|Z| ≥ |z|); more groups: the quadratic form (T − E T)'V⁻(T − E T) over all groups but the first, p = P(Q ≥ q).
/// Values within 1.5e-8 (√ε, coin's tolerance) of the observed count as equal. Monte Carlo draws B relabellings with a
/// fixed seed; its p is the share of resamples at least as extreme, with standard error √(p(1 − p)/B). coin computes
/// the scores on the pooled sample even when it permutes within strata; here they are computed within each stratum, as
/// the stratified log-rank test is (survdiff), so stratified figures follow the stratified test, not coin's.
/// </remarks>
public static class PermutationTest
{
    /// <summary>coin's tolerance for a statistic equal to the observed one.</summary>
    private const double Tie = 1.4901161193847656e-8;

    /// <summary>Bytes per entry of the shift algorithm's lists (a sum and a weight), with room for the merge's copy.</summary>
    private const long BytesPerEntry = 48;

    /// <summary>The permutation p-value of the test of <paramref name="weight"/>.</summary>
    /// <exception cref="InputRuleException">Exact with more than two groups, delayed entry, case weights, or resamples out of range.</exception>
    /// <exception cref="ResourceLimitException">The exact distribution would need more than <see cref="GroupComparisonOptions.ExactMemoryLimitBytes"/>.</exception>
    public static PermutationTestResult Test(
        CountingTable counts, GroupComparisonOptions options, TestWeight weight, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(options);
        Check(counts, options);
        var scores = PermutationScores.Build(counts, options.Stratified, weight, options.FlemingHarringtonP, options.FlemingHarringtonQ);
        var (expected, variance) = Moments(scores);
        var observed = Observed(scores);
        var statistic = Statistic(observed, expected, variance, scores.GroupCount);
        // Without spread in the scores (no event) every relabelling gives the observed statistic.
        if (!(variance[0] > 0) || double.IsNaN(statistic))
            return new PermutationTestResult { Distribution = options.Distribution, Statistic = 0, PValue = 1 };
        return options.Distribution == TestDistribution.Exact
            ? Exact(scores, expected[0], variance[0], statistic, options.ExactMemoryLimitBytes, cancellationToken)
            : MonteCarlo(scores, expected, variance, statistic, options.Resamples, options.Seed, cancellationToken);
    }

    private static void Check(CountingTable counts, GroupComparisonOptions options)
    {
        if (options.Distribution == TestDistribution.Exact && counts.GroupCount > 2)
            throw new InputRuleException("distribution", InputRules.ExactTwoGroupsRequirement);
        if (options.Distribution == TestDistribution.MonteCarlo && !InputRules.IsResampleCount(options.Resamples))
            throw new InputRuleException("resamples", InputRules.ResamplesRequirement);
        var strata = options.Stratified ? counts.StratumCount : 1;
        for (var s = 0; s < strata; s++)
            for (var g = 0; g < counts.GroupCount; g++)
            {
                var cell = options.Stratified ? counts.Cell(s, g) : counts.GroupTable(g);
                if (cell.Entered.Any(e => e > 0)) throw new InputRuleException("distribution", InputRules.PermutationEntryRequirement);
            }
    }

    private static PermutationTestResult Exact(
        PermutationScores scores, double expected, double variance, double statistic, long limit, CancellationToken cancellationToken)
    {
        var needed = 0.0;
        foreach (var stratum in scores.Strata)
            needed = Math.Max(needed, ShiftAlgorithm.PeakEntries(stratum.Scores, stratum.ClassSizes, stratum.GroupSizes[0]));
        if (scores.Strata.Length > 1)
            needed = Math.Max(needed, scores.Strata.Aggregate(1.0, (product, s) => product * Math.Min(ShiftAlgorithm.PeakEntries(s.Scores, s.ClassSizes, s.GroupSizes[0]), 1e18)));
        var bytes = needed * BytesPerEntry;
        if (!(bytes <= limit))
            throw new ResourceLimitException("distribution", bytes >= long.MaxValue ? long.MaxValue : (long)bytes, limit, InputRules.ExactTooLargeAdvice);

        ShiftAlgorithm.Distribution? total = null;
        var tolerance = 0.0;
        foreach (var stratum in scores.Strata)
        {
            var distribution = ShiftAlgorithm.Of(stratum.Scores, stratum.ClassSizes, stratum.GroupSizes[0], cancellationToken);
            tolerance += ShiftAlgorithm.Tolerance(stratum.Scores, stratum.ClassSizes);
            total = total is null ? distribution : ShiftAlgorithm.Convolve(total, distribution, tolerance);
        }
        var sd = Math.Sqrt(variance);
        var threshold = Math.Abs(statistic) - Tie;
        var p = 0.0;
        for (var i = 0; i < total!.Sums.Length; i++)
        {
            if (Math.Abs((total.Sums[i] - expected) / sd) >= threshold) p += total.Probabilities[i];
        }
        return new PermutationTestResult { Distribution = TestDistribution.Exact, Statistic = statistic, PValue = Math.Min(1, p) };
    }

    private static PermutationTestResult MonteCarlo(
        PermutationScores scores, double[] expected, double[] variance, double statistic, int resamples, int seed,
        CancellationToken cancellationToken)
    {
        var k = scores.GroupCount;
        var random = new Random(seed);
        // Each stratum's subjects as (score, label) arrays; a resample shuffles the labels within the stratum.
        var subjects = scores.Strata.Select(stratum =>
        {
            var values = new List<double>();
            var labels = new List<int>();
            for (var c = 0; c < stratum.Scores.Length; c++)
                for (var g = 0; g < k; g++)
                    for (var i = 0; i < stratum.Counts[c * k + g]; i++) { values.Add(stratum.Scores[c]); labels.Add(g); }
            return (Scores: values.ToArray(), Labels: labels.ToArray());
        }).ToArray();
        var threshold = Math.Abs(statistic) - Tie * Math.Max(1, Math.Abs(statistic));
        var sums = new double[k];
        var extreme = 0;
        for (var b = 0; b < resamples; b++)
        {
            if ((b & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(sums);
            foreach (var (values, labels) in subjects)
            {
                random.Shuffle(labels);
                for (var i = 0; i < values.Length; i++) sums[labels[i]] += values[i];
            }
            if (Math.Abs(Statistic(sums, expected, variance, k)) >= threshold) extreme++;
        }
        var p = (double)extreme / resamples;
        return new PermutationTestResult
        {
            Distribution = TestDistribution.MonteCarlo,
            Statistic = statistic,
            PValue = p,
            Resamples = resamples,
            Seed = seed,
            MonteCarloStdError = Math.Sqrt(p * (1 - p) / resamples),
        };
    }

    private static double[] Observed(PermutationScores scores)
    {
        var k = scores.GroupCount;
        var sums = new double[k];
        foreach (var stratum in scores.Strata)
            for (var c = 0; c < stratum.Scores.Length; c++)
                for (var g = 0; g < k; g++) sums[g] += stratum.Scores[c] * stratum.Counts[c * k + g];
        return sums;
    }

    /// <summary>E T and Cov T under relabelling within strata (k × k, row-major).</summary>
    private static (double[] Expected, double[] Variance) Moments(PermutationScores scores)
    {
        var k = scores.GroupCount;
        var expected = new double[k];
        var variance = new double[k * k];
        foreach (var stratum in scores.Strata)
        {
            double n = stratum.Subjects, mean = 0, spread = 0;
            for (var c = 0; c < stratum.Scores.Length; c++) mean += stratum.Scores[c] * stratum.ClassSizes[c];
            mean /= n;
            for (var c = 0; c < stratum.Scores.Length; c++) spread += stratum.ClassSizes[c] * (stratum.Scores[c] - mean) * (stratum.Scores[c] - mean);
            spread /= n;
            if (n < 2) continue;
            for (var g = 0; g < k; g++)
            {
                expected[g] += stratum.GroupSizes[g] * mean;
                for (var h = 0; h < k; h++)
                    variance[g * k + h] += n / (n - 1) * spread * ((g == h ? stratum.GroupSizes[g] : 0) - stratum.GroupSizes[g] * (double)stratum.GroupSizes[h] / n);
            }
        }
        return (expected, variance);
    }

    /// <summary>Z of the first group for two groups; the quadratic form over groups 2..k otherwise (NaN when degenerate).</summary>
    private static double Statistic(double[] sums, double[] expected, double[] variance, int k)
    {
        if (k == 2) return (sums[0] - expected[0]) / Math.Sqrt(variance[0]);
        var m = k - 1;
        var u = new double[m];
        var v = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            u[i] = sums[i + 1] - expected[i + 1];
            for (var j = 0; j < m; j++) v[i * m + j] = variance[(i + 1) * k + j + 1];
        }
        return PositiveDefinite.InverseQuadraticForm(v, u) ?? double.NaN;
    }
}
