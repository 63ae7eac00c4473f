using System.Globalization;
using Survival.TestSupport;
using Survival.Core.GroupTests;

namespace Survival.Core.Tests;

/// <summary>
/// The weighted log-rank family against R 4.2.2 / survival 3.5-3, test statistics within 1e-8 relative:
/// <c>survdiff(Surv(time, status) ~ group, rho = ρ)</c> (section <c>logrank.rho_ρ</c>, our Fleming–Harrington(ρ, 0)),
/// <c>survdiff(Surv(time, status) ~ group + strata(strata))</c> (<c>logrank_stratified</c>), and the README's weighted
/// family with its trend test computed in R and checked against survdiff where they overlap
/// (<c>weighted_logrank</c>, <c>weighted_logrank_stratified</c>).
/// </summary>
public class WeightedLogRankReferenceTests
{
    private const double Statistics = 1e-8;

    [Theory]
    [MemberData(nameof(FixtureCases.EntriesOf), "logrank", MemberType = typeof(FixtureCases))]
    public void Survdiff_rho_equals_Fleming_Harrington_rho_0(string file, string rhoKey)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty("logrank").GetProperty(rhoKey);
        var rho = double.Parse(rhoKey["rho_".Length..], CultureInfo.InvariantCulture);

        // Act
        var result = WeightedLogRank.Test(ReferenceCases.Data(set), ReferenceCases.Groups(set), null, TestWeight.FlemingHarrington, rho, 0);

        // Assert
        Tolerance.Equal(Json.Double(expected.GetProperty("chisq")), result.Test.ChiSquare, "chisq", Statistics);
        Assert.Equal(expected.GetProperty("df").GetInt32(), result.Test.DegreesOfFreedom);
        Tolerance.Equal(Json.Double(expected.GetProperty("p")), result.Test.PValue, "p", Statistics);
        Tolerance.Equal(Json.Doubles(expected, "observed"), result.Observed.Select(v => (double?)v).ToList(), "observed", Statistics);
        Tolerance.Equal(Json.Doubles(expected, "expected"), result.Expected.Select(v => (double?)v).ToList(), "expected", Statistics);
        var variance = expected.GetProperty("variance").EnumerateArray().SelectMany(Json.Doubles).ToList();
        Tolerance.Equal(variance, result.Variance.Select(v => (double?)v).ToList(), "variance", Statistics);
    }

    [Theory]
    [MemberData(nameof(FixtureCases.FilesWith), "logrank_stratified", MemberType = typeof(FixtureCases))]
    public void Stratified_survdiff_equals_stratified_log_rank(string file)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty("logrank_stratified");

        // Act
        var result = WeightedLogRank.Test(ReferenceCases.Data(set), ReferenceCases.Groups(set), ReferenceCases.Strata(set), TestWeight.LogRank);

        // Assert
        Tolerance.Equal(Json.Double(expected.GetProperty("chisq")), result.Test.ChiSquare, "chisq", Statistics);
        Assert.Equal(expected.GetProperty("df").GetInt32(), result.Test.DegreesOfFreedom);
        Tolerance.Equal(Json.Double(expected.GetProperty("p")), result.Test.PValue, "p", Statistics);
    }

    [Theory]
    [MemberData(nameof(FixtureCases.FilesWith), "weighted_logrank", MemberType = typeof(FixtureCases))]
    public void Weighted_family_equals_R(string file) => AssertFamily(ReferenceSet.Named(file), "weighted_logrank", stratified: false);

    [Theory]
    [MemberData(nameof(FixtureCases.FilesWith), "weighted_logrank_stratified", MemberType = typeof(FixtureCases))]
    public void Stratified_weighted_family_equals_R(string file) => AssertFamily(ReferenceSet.Named(file), "weighted_logrank_stratified", stratified: true);

    private static void AssertFamily(ReferenceSet set, string section, bool stratified)
    {
        // Arrange
        var expected = set.Root.GetProperty(section);
        var names = Json.Strings(expected.GetProperty("weights"));
        var scores = Json.Doubles(expected, "trend_scores").Select(s => s!.Value).ToArray();
        var data = ReferenceCases.Data(set);
        var groups = ReferenceCases.Groups(set);
        var strata = stratified ? ReferenceCases.Strata(set) : null;

        // Act
        var results = names.Select(FixtureCases.Weight)
            .Select(w => WeightedLogRank.Test(data, groups, strata, w.Weight, w.P, w.Q, scores)).ToList();

        // Assert
        Assert.Equal(Json.Strings(expected.GetProperty("groups")), groups.Levels);
        Tolerance.Equal(Json.Doubles(expected, "chisq"), results.Select(r => r.Test.ChiSquare).ToList(), "chisq", Statistics);
        Tolerance.Equal(Json.Doubles(expected, "p"), results.Select(r => r.Test.PValue).ToList(), "p", Statistics);
        Assert.All(results, r => Assert.Equal(expected.GetProperty("df").GetInt32(), r.Test.DegreesOfFreedom));
        Tolerance.Equal(Json.Doubles(expected, "trend_chisq"), results.Select(r => r.Trend!.Test.ChiSquare).ToList(), "trend_chisq", Statistics);
        Tolerance.Equal(Json.Doubles(expected, "trend_p"), results.Select(r => r.Trend!.Test.PValue).ToList(), "trend_p", Statistics);
        for (var i = 0; i < names.Length; i++)
        {
            var u = Json.Doubles(expected.GetProperty("U"), names[i]);
            Tolerance.Equal(u, Enumerable.Range(0, groups.LevelCount).Select(g => (double?)results[i].Score(g)).ToList(), $"U[{names[i]}]", Statistics);
        }
    }
}
