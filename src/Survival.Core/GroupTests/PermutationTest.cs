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
            throw new InputRuleException(CombinationRules.ExactPermutationBeyondTwoGroups.Field, CombinationRules.ExactPermutationBeyondTwoGroups.Requirement);
        if (options.Distribution == TestDistribution.MonteCarlo && !InputRules.IsResampleCount(options.Resamples))
            throw new InputRuleException("resamples", InputRules.ResamplesRequirement);
        var strata = options.Stratified ? counts.StratumCount : 1;
        for (var s = 0; s < strata; s++)
            for (var g = 0; g < counts.GroupCount; g++)
            {
                var cell = options.Stratified ? counts.Cell(s, g) : counts.GroupTable(g);
                if (cell.Entered.Any(e => e > 0)) throw new InputRuleException(CombinationRules.PermutationWithEntry.Field, CombinationRules.PermutationWithEntry.Requirement);
            }
    }

    /// <summary>
    /// The memory the exact distribution of <paramref name="weight"/>'s test would take, by the cheapest exact method
    /// (see <see cref="ExactMethod"/>); 0 unless <paramref name="options"/> asks for it. A caller holds this much of its
    /// memory budget before the test runs, or refuses the call.
    /// </summary>
    public static long ExactWorkingBytes(CountingTable counts, GroupComparisonOptions options, TestWeight weight)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Distribution != TestDistribution.Exact || counts.GroupCount != 2) return 0;
        var scores = PermutationScores.Build(counts, options.Stratified, weight, options.FlemingHarringtonP, options.FlemingHarringtonQ);
        var bytes = Choose(scores).Bytes;
        return bytes >= long.MaxValue ? long.MaxValue : (long)bytes;
    }

    /// <summary>How the exact distribution is computed.</summary>
    private enum ExactMethod
    {
        /// <summary>Scores on a lattice (Gehan's whole numbers): dense arrays by the integer sum, any strata.</summary>
        Lattice,

        /// <summary>Real scores, one stratum: van de Wiel's split-up of the classes into halves.</summary>
        SplitUp,

        /// <summary>Real scores in strata: each stratum's sorted lists of sums, convolved.</summary>
        Lists,
    }

    /// <summary>The method that needs the least memory, and that memory in bytes.</summary>
    private static (ExactMethod Method, double Bytes) Choose(PermutationScores scores)
    {
        var factor = LatticeShiftAlgorithm.Factor(scores.Strata.SelectMany(s => s.Scores));
        var lattice = factor is { } f ? LatticeBytes(scores, f) : double.PositiveInfinity;
        var (method, other) = scores.Strata.Length == 1
            ? (ExactMethod.SplitUp, SplitUpAlgorithm.PeakEntries(scores.Strata[0].Scores, scores.Strata[0].ClassSizes, Drawn(scores.Strata[0]).Count) * BytesPerEntry)
            : (ExactMethod.Lists, ListEntries(scores) * BytesPerEntry);
        return lattice <= other ? (ExactMethod.Lattice, lattice) : (method, other);
    }

    private static PermutationTestResult Exact(
        PermutationScores scores, double expected, double variance, double statistic, long limit, CancellationToken cancellationToken)
    {
        var (method, bytes) = Choose(scores);
        if (!(bytes <= limit))
            throw new ResourceLimitException("distribution", bytes >= long.MaxValue ? long.MaxValue : (long)bytes, limit, InputRules.ExactTooLargeAdvice);
        var sd = Math.Sqrt(variance);
        var threshold = Math.Abs(statistic) - Tie;
        // Within √ε of 0 every relabelling is as extreme as the observed (coin returns 1).
        if (threshold <= 0) return new PermutationTestResult { Distribution = TestDistribution.Exact, Statistic = statistic, PValue = 1 };
        var p = method switch
        {
            ExactMethod.Lattice => LatticeTails(scores, LatticeShiftAlgorithm.Factor(scores.Strata.SelectMany(s => s.Scores))!.Value, expected, sd, threshold, cancellationToken),
            ExactMethod.SplitUp => SplitUpTails(scores.Strata[0], expected, sd, threshold, cancellationToken),
            _ => ListTails(scores, expected, sd, threshold, cancellationToken),
        };
        return new PermutationTestResult { Distribution = TestDistribution.Exact, Statistic = statistic, PValue = Math.Min(1, p) };
    }

    /// <summary>The group drawn: the smaller, whose sum fixes the first group's (T₁ = total − T₂).</summary>
    private static (int Group, int Count) Drawn(PermutationScores.Stratum stratum) =>
        stratum.GroupSizes[1] < stratum.GroupSizes[0] ? (1, stratum.GroupSizes[1]) : (0, stratum.GroupSizes[0]);

    /// <summary>Each stratum's subjects' scores as integers on the lattice of step 1/f.</summary>
    private static long[] LatticeValues(PermutationScores.Stratum stratum, int factor) =>
        [.. Enumerable.Range(0, stratum.Scores.Length).SelectMany(c => Enumerable.Repeat((long)Math.Round(stratum.Scores[c] * factor), stratum.ClassSizes[c]))];

    private static double LatticeBytes(PermutationScores scores, int factor)
    {
        double rows = 0, finals = 0;
        foreach (var stratum in scores.Strata)
        {
            var values = LatticeValues(stratum, factor);
            var drawn = Drawn(stratum).Count;
            rows = Math.Max(rows, LatticeShiftAlgorithm.Cells(values, drawn));
            var sorted = values.Order().ToArray();
            finals += sorted.TakeLast(drawn).Sum() - sorted.Take(drawn).Sum() + 1;
        }
        return (rows + 2 * finals) * sizeof(double);
    }

    private static double ListEntries(PermutationScores scores)
    {
        var needed = 0.0;
        foreach (var stratum in scores.Strata)
            needed = Math.Max(needed, ShiftAlgorithm.PeakEntries(stratum.Scores, stratum.ClassSizes, stratum.GroupSizes[0]));
        return Math.Max(needed, scores.Strata.Aggregate(1.0, (product, s) => product * Math.Min(ShiftAlgorithm.PeakEntries(s.Scores, s.ClassSizes, s.GroupSizes[0]), 1e18)));
    }

    /// <summary>P(|T₁ − E| ≥ threshold·sd) from the dense distribution of T₁ on the lattice, strata convolved.</summary>
    private static double LatticeTails(PermutationScores scores, int factor, double expected, double sd, double threshold, CancellationToken cancellationToken)
    {
        LatticeShiftAlgorithm.Distribution? total = null;
        foreach (var stratum in scores.Strata)
        {
            var values = LatticeValues(stratum, factor);
            var (group, count) = Drawn(stratum);
            var distribution = LatticeShiftAlgorithm.Of(values, count, cancellationToken);
            if (group == 1)
            {
                // T₁ = Σ all − T₂: the same probabilities in reverse order.
                var probabilities = distribution.Probabilities.Reverse().ToArray();
                distribution = new LatticeShiftAlgorithm.Distribution(values.Sum() - (distribution.Offset + probabilities.Length - 1), probabilities);
            }
            total = total is null ? distribution : LatticeShiftAlgorithm.Convolve(total, distribution);
        }
        var p = 0.0;
        for (var s = 0; s < total!.Probabilities.Length; s++)
        {
            if (Math.Abs(((total.Offset + s) / (double)factor - expected) / sd) >= threshold) p += total.Probabilities[s];
        }
        return p;
    }

    private static double SplitUpTails(PermutationScores.Stratum stratum, double expected, double sd, double threshold, CancellationToken cancellationToken)
    {
        var (group, count) = Drawn(stratum);
        double low = expected - threshold * sd, high = expected + threshold * sd;
        if (group == 1)
        {
            // T₁ ≤ lo ⇔ T₂ ≥ total − lo.
            var total = Enumerable.Range(0, stratum.Scores.Length).Sum(c => stratum.Scores[c] * stratum.ClassSizes[c]);
            (low, high) = (total - high, total - low);
        }
        return SplitUpAlgorithm.Tails(stratum.Scores, stratum.ClassSizes, count, low, high, cancellationToken);
    }

    private static double ListTails(PermutationScores scores, double expected, double sd, double threshold, CancellationToken cancellationToken)
    {
        ShiftAlgorithm.Distribution? total = null;
        var tolerance = 0.0;
        foreach (var stratum in scores.Strata)
        {
            var distribution = ShiftAlgorithm.Of(stratum.Scores, stratum.ClassSizes, stratum.GroupSizes[0], cancellationToken);
            tolerance += ShiftAlgorithm.Tolerance(stratum.Scores, stratum.ClassSizes);
            total = total is null ? distribution : ShiftAlgorithm.Convolve(total, distribution, tolerance);
        }
        var p = 0.0;
        for (var i = 0; i < total!.Sums.Length; i++)
        {
            if (Math.Abs((total.Sums[i] - expected) / sd) >= threshold) p += total.Probabilities[i];
        }
        return p;
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
