using System.Collections.Immutable;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using Survival.Core.Counting;
using Survival.Core.Inference;

namespace Survival.Core.External;

/// <summary>
/// The one-sample log-rank test: a cohort's observed events against those a reference survival curve predicts for the
/// same follow-up (a historical or published control for a single-arm series).
/// </summary>
public static class OneSampleLogRank
{
    /// <summary>What a cohort for the one-sample test must not have.</summary>
    public const string WeightsRequirement = "cannot be used with the one-sample log-rank test, whose expected events count subjects, not weights";

    /// <summary>Why competing causes are refused.</summary>
    public const string CausesRequirement = "cannot be used with the one-sample log-rank test: give one kind of event (the reference curve's)";

    /// <summary>Tests every group of a counting table, over all its strata, against the reference.</summary>
    /// <remarks>
    /// Finkelstein, Muzikansky &amp; Schoenfeld (2003), J Natl Cancer Inst 95:1434–1439 (after Breslow 1975). Subject i,
    /// at risk on (e_i, t_i] (e_i = 0 without delayed entry), is expected to have Λ₀(t_i) − Λ₀(e_i) events under the
    /// reference:
    /// <code>
    /// O = Σ_i δ_i     E = Σ_i [Λ₀(t_i) − Λ₀(e_i)] = Σ_j (d_j + c_j) Λ₀(t_j) − Σ_j e_j Λ₀(t_j)
    /// Z = (O − E)/√V,  V = E (Finkelstein) or (O + E)/2 (Wu 2014)
    /// p = 2Φ(−|Z|);  one-sided p against fewer events = Φ(Z)
    /// O/E with the exact Poisson interval [χ²_{α/2}(2O)/(2E), χ²_{1−α/2}(2O + 2)/(2E)] (Garwood 1936; 0 below when O = 0)
    /// exact p: Σ P(X = k) over k with P(X = k) ≤ P(X = O)(1 + 10⁻⁷), X ~ Poisson(E)   (R's poisson.test)
    /// </code>
    /// the sums over the rows j of the table (d events, c censorings, e entries at t_j).
    /// </remarks>
    /// <exception cref="InputRuleException">The table has case weights or competing causes.</exception>
    public static ImmutableArray<OneSampleLogRankResult> TestEachGroup(
        CountingTable counts, IReferenceCurve reference, OneSampleVariance variance = OneSampleVariance.Expected, ConfidenceLevel? level = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(reference);
        if (counts.Weighted) throw new InputRuleException("weight", WeightsRequirement);
        if (counts.CauseCount > 0) throw new InputRuleException("cause", CausesRequirement);
        level ??= ConfidenceLevel.Default;
        return [.. Enumerable.Range(0, counts.GroupCount).Select(g => Test(counts.Groups[g], counts.GroupTable(g), reference, variance, level))];
    }

    /// <summary>Tests subjects given one by one against the reference (see <see cref="TestEachGroup"/>).</summary>
    public static OneSampleLogRankResult Test(
        SurvivalData data, IReferenceCurve reference, OneSampleVariance variance = OneSampleVariance.Expected, ConfidenceLevel? level = null) =>
        TestEachGroup(CountingTable.FromSubjects(data), reference, variance, level)[0];

    private static OneSampleLogRankResult Test(string group, EventTable table, IReferenceCurve reference, OneSampleVariance variance, ConfidenceLevel level)
    {
        var (observed, expected, beyond) = (0, 0.0, 0);
        var lastTime = reference.LastTime ?? double.PositiveInfinity;
        for (var j = 0; j < table.Count; j++)
        {
            var hazard = reference.CumulativeHazard(table.Times[j]);
            var leaving = table.Events[j] + table.Censored[j];
            observed += table.Events[j];
            expected += leaving * hazard - table.Entered[j] * hazard;
            if (table.Times[j] > lastTime) beyond += leaving;
        }
        var result = new OneSampleLogRankResult
        {
            Group = group,
            Subjects = table.Subjects,
            Observed = observed,
            Expected = expected,
            VarianceMethod = variance,
            BeyondReference = beyond,
        };
        if (!(expected > 0)) return result with { NotEstimableReason = "no events are expected: the cohort has no follow-up time under the reference's hazard" };

        var v = variance == OneSampleVariance.Expected ? expected : (observed + expected) / 2;
        var z = (observed - expected) / Math.Sqrt(v);
        var alpha = 1 - level.Value;
        return result with
        {
            Ratio = observed / expected,
            Lower = observed == 0 ? 0 : Gamma.InvCDF(observed, 1, alpha / 2) / expected,
            Upper = Gamma.InvCDF(observed + 1, 1, 1 - alpha / 2) / expected,
            Z = z,
            PValue = WaldPValue.TwoSided(z),
            PValueFewer = SpecialFunctions.Erfc(-z / Math.Sqrt(2)) / 2,
            ExactPValue = ExactPoissonPValue(observed, expected),
        };
    }

    /// <summary>
    /// The two-sided exact p-value of <paramref name="observed"/> events when <paramref name="mean"/> are expected: the
    /// probability of every count no more likely than the observed one (R's <c>poisson.test</c>, with its relative
    /// tolerance of 10⁻⁷ for ties in probability).
    /// </summary>
    /// <remarks>
    /// The Poisson probabilities rise up to the mean and fall after it, so the counts on the far side that are no more
    /// likely than O form a tail, whose end is found by bisection on log P(X = k) = k ln E − E − ln k!: the same sum R
    /// counts term by term. Null when E exceeds 2⁵⁰, where counts near it are no longer whole numbers in a double.
    /// </remarks>
    internal static double? ExactPoissonPValue(int observed, double mean)
    {
        if (observed == mean) return 1;
        if (!(mean <= 1L << 50)) return null;
        var limit = LogProbability(observed, mean) + Math.Log(1 + 1e-7);
        if (observed < mean)
        {
            // The upper tail from the first count above the mean that is no more likely than O.
            double low = Math.Ceiling(mean), high = Math.Max(low, Math.Ceiling(2 * mean - observed));
            while (LogProbability(high, mean) > limit) high *= 2;
            while (low < high)
            {
                var middle = Math.Floor((low + high) / 2);
                if (LogProbability(middle, mean) <= limit) high = middle;
                else low = middle + 1;
            }
            return SpecialFunctions.GammaUpperRegularized(observed + 1, mean) + AtLeast(low, mean);
        }
        // The lower tail up to the last count below the mean that is no more likely than O.
        double first = 0, past = Math.Floor(mean) + 1;
        while (first < past)
        {
            var middle = Math.Floor((first + past) / 2);
            if (LogProbability(middle, mean) > limit) past = middle;
            else first = middle + 1;
        }
        var lowerTail = first > 0 ? SpecialFunctions.GammaUpperRegularized(first, mean) : 0;
        return lowerTail + AtLeast(observed, mean);
    }

    /// <summary>log P(X = k) for X ~ Poisson(mean).</summary>
    private static double LogProbability(double k, double mean) => k * Math.Log(mean) - mean - SpecialFunctions.GammaLn(k + 1);

    /// <summary>P(X ≥ k) = P(k, mean), the regularized lower incomplete gamma, exact in the tail.</summary>
    private static double AtLeast(double k, double mean) => k <= 0 ? 1 : SpecialFunctions.GammaLowerRegularized(k, mean);
}
