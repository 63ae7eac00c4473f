using System.Diagnostics;
using Survival.Core.Counting;
using Survival.Core.GroupTests;
using Survival.Core.Regression;
using Survival.TestSupport;

namespace Survival.Core.Tests;

/// <summary>
/// Exact and Monte Carlo permutation p-values of the weighted log-rank tests against coin 1.4-2
/// (tools/reference/generate-exact-test-reference.R: pvalue(logrank_test(Surv(time, status) ~ group,
/// distribution = "exact", type = T))).
/// </summary>
public sealed class PermutationTestReferenceTests
{
    private const string Prefix = "exact-";

    public static TheoryData<string> Sets => SmallSampleReference.Names(Prefix);

    private static readonly Dictionary<string, (TestWeight Weight, double P, double Q)> Weights = new()
    {
        ["logrank"] = (TestWeight.LogRank, 0, 0),
        ["gehan_breslow"] = (TestWeight.GehanBreslow, 0, 0),
        ["tarone_ware"] = (TestWeight.TaroneWare, 0, 0),
        ["peto_peto"] = (TestWeight.PetoPeto, 0, 0),
        ["fleming_harrington_1_0"] = (TestWeight.FlemingHarrington, 1, 0),
    };

    private static CountingTable Counts(string name)
    {
        var data = SmallSampleReference.Load(Prefix, name).GetProperty("data");
        var times = Json.Doubles(data, "time").Select(t => t!.Value).ToArray();
        var events = Json.Doubles(data, "status").Select(s => s == 1).ToArray();
        return CountingTable.FromSubjects(SurvivalData.Create(times, events), Factor.Create(Json.Strings(data.GetProperty("group"))));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Exact_p_values_equal_coin_within_1e_12(string name)
    {
        var counts = Counts(name);
        foreach (var test in SmallSampleReference.Load(Prefix, name).GetProperty("tests").EnumerateObject())
        {
            var (weight, p, q) = Weights[test.Name];
            var options = new GroupComparisonOptions { Distribution = TestDistribution.Exact, FlemingHarringtonP = p, FlemingHarringtonQ = q };
            var result = PermutationTest.Test(counts, options, weight);
            var expected = test.Value.GetProperty("p_exact").GetDouble();
            Assert.True(Math.Abs(result.PValue - expected) <= 1e-12, $"{name} {test.Name}: coin {expected:R}, ours {result.PValue:R}");
            Tolerance.Equal(Math.Abs(test.Value.GetProperty("statistic").GetDouble()), Math.Abs(result.Statistic), $"{name} {test.Name} |z|");
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Monte_Carlo_p_values_agree_with_the_exact_within_four_standard_errors(string name)
    {
        var counts = Counts(name);
        var options = new GroupComparisonOptions { Distribution = TestDistribution.MonteCarlo, Resamples = 20_000, Seed = 5 };
        var result = PermutationTest.Test(counts, options, TestWeight.LogRank);
        var exact = SmallSampleReference.Load(Prefix, name).GetProperty("tests").GetProperty("logrank").GetProperty("p_exact").GetDouble();
        Assert.Equal(20_000, result.Resamples);
        Assert.True(Math.Abs(result.PValue - exact) <= 4 * Math.Sqrt(exact * (1 - exact) / 20_000) + 1e-4,
            $"{name}: Monte Carlo {result.PValue} ± {result.MonteCarloStdError}, exact {exact}");
        Assert.Equal(result.PValue, PermutationTest.Test(counts, options, TestWeight.LogRank).PValue);
    }

    [Fact]
    public void Exact_distribution_equals_full_enumeration_on_random_data()
    {
        // The plain definition: every one of the C(N, m) relabellings, its |Z| against the observed.
        var random = new Random(3);
        for (var trial = 0; trial < 5; trial++)
        {
            var n = 12;
            var times = Enumerable.Range(0, n).Select(_ => (double)random.Next(1, 7)).ToArray();
            var events = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.7).ToArray();
            var labels = Enumerable.Range(0, n).Select(i => i < 5 ? "a" : "b").ToArray();
            var counts = CountingTable.FromSubjects(SurvivalData.Create(times, events), Factor.Create(labels));
            var exact = PermutationTest.Test(counts, new GroupComparisonOptions { Distribution = TestDistribution.Exact }, TestWeight.LogRank);
            var extreme = 0;
            var total = 0;
            foreach (var subset in Subsets(n, 5))
            {
                var relabelled = Enumerable.Range(0, n).Select(i => subset.Contains(i) ? "a" : "b").ToArray();
                var z = PermutationTest.Test(
                    CountingTable.FromSubjects(SurvivalData.Create(times, events), Factor.Create(relabelled)),
                    new GroupComparisonOptions { Distribution = TestDistribution.Exact }, TestWeight.LogRank).Statistic;
                total++;
                if (Math.Abs(z) >= Math.Abs(exact.Statistic) - 1.5e-8) extreme++;
            }
            Assert.Equal((double)extreme / total, exact.PValue, 12);
        }
    }

    public static TheoryData<string, TestWeight, bool, int> Methods => new()
    {
        // Real scores in one stratum: the split-up algorithm; the larger group first, so the smaller is drawn.
        { "split-up, larger group first", TestWeight.LogRank, false, 7 },
        { "split-up, Peto–Peto", TestWeight.PetoPeto, false, 4 },
        // Whole-number scores: dense arrays on the lattice, one stratum and two.
        { "lattice", TestWeight.GehanBreslow, false, 4 },
        { "lattice, larger group first", TestWeight.GehanBreslow, false, 8 },
        { "lattice, strata", TestWeight.GehanBreslow, true, 5 },
        // Real scores in strata: each stratum's sorted lists, convolved.
        { "lists, strata", TestWeight.LogRank, true, 5 },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Each_exact_method_equals_full_enumeration_of_the_relabellings(string method, TestWeight weight, bool stratified, int firstGroup)
    {
        // Arrange: 12 subjects with tied whole-number times; in strata, relabelled within each half.
        var random = new Random(method.Length);
        const int n = 12;
        var times = Enumerable.Range(0, n).Select(_ => (double)random.Next(1, 8)).ToArray();
        var events = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.7).ToArray();
        var strata = Enumerable.Range(0, n).Select(i => stratified && i >= n / 2 ? "s2" : "s1").ToArray();
        string[] Labels(IReadOnlySet<int> inA) => [.. Enumerable.Range(0, n).Select(i => inA.Contains(i) ? "a" : "b")];
        CountingTable Counts(IReadOnlySet<int> inA) =>
            CountingTable.FromSubjects(SurvivalData.Create(times, events), Factor.Create(Labels(inA)), Factor.Create(strata));
        var observed = Enumerable.Range(0, n).Where(i => stratified ? i % 6 < (i < 6 ? 3 : 2) : i < firstGroup).ToHashSet();
        var options = new GroupComparisonOptions { Distribution = TestDistribution.Exact, Stratified = stratified };

        // Act
        var exact = PermutationTest.Test(Counts(observed), options, weight);

        // Assert: the share of the relabellings (within strata, keeping each stratum's group sizes) at least as extreme.
        var (extreme, total) = (0, 0);
        foreach (var subset in Subsets(n, observed.Count))
        {
            if (stratified && Enumerable.Range(0, 2).Any(s => subset.Count(i => i / 6 == s) != observed.Count(i => i / 6 == s))) continue;
            total++;
            if (Math.Abs(PermutationTest.Test(Counts(subset), options, weight).Statistic) >= Math.Abs(exact.Statistic) - 1.5e-8) extreme++;
        }
        Assert.Equal((double)extreme / total, exact.PValue, 12);
    }

    private static IEnumerable<HashSet<int>> Subsets(int n, int m)
    {
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != m) continue;
            yield return [.. Enumerable.Range(0, n).Where(i => (mask >> i & 1) == 1)];
        }
    }

    [Fact]
    public void Exact_with_three_groups_is_refused_naming_Monte_Carlo()
    {
        var counts = CountingTable.FromSubjects(SurvivalData.Create([1, 2, 3, 4, 5, 6], [true, true, false, true, true, false]),
            Factor.Create(["a", "b", "c", "a", "b", "c"]));
        var error = Assert.Throws<InputRuleException>(() =>
            PermutationTest.Test(counts, new GroupComparisonOptions { Distribution = TestDistribution.Exact }, TestWeight.LogRank));
        Assert.Equal("distribution", error.Input);
        Assert.Contains("Monte Carlo", error.Requirement);
    }

    [Fact]
    public void An_exact_distribution_past_the_memory_limit_is_refused_before_any_work()
    {
        // 150 against 150 with distinct real log-rank scores: the sums that occur number far beyond any limit.
        var random = new Random(9);
        var times = Enumerable.Range(0, 300).Select(_ => random.NextDouble() * 100).ToArray();
        var events = Enumerable.Range(0, 300).Select(_ => random.NextDouble() < 0.8).ToArray();
        var counts = CountingTable.FromSubjects(SurvivalData.Create(times, events),
            Factor.Create([.. Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? "a" : "b")]));
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<ResourceLimitException>(() =>
            PermutationTest.Test(counts, new GroupComparisonOptions { Distribution = TestDistribution.Exact }, TestWeight.LogRank));
        Assert.Equal("distribution", error.Input);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"refused after {watch.Elapsed}");
    }
}
