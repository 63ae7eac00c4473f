using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// Pairwise comparisons (each pair's own weighted log-rank test, as survminer's <c>pairwise_survdiff</c>, adjusted as
/// R's <c>p.adjust</c>) and the two-group descriptive hazard ratios, through gRPC, within 1e-8 relative of R.
/// </summary>
[Collection(ServerCollection.Name)]
public class CompareGroupsPairwiseAndRatiosTests(ServerFixture server)
{
    private const double Statistics = 1e-8;

    private static readonly Dictionary<string, PAdjustMethod> Adjustments = new()
    {
        ["holm"] = PAdjustMethod.Holm,
        ["bonferroni"] = PAdjustMethod.Bonferroni,
        ["BH"] = PAdjustMethod.BenjaminiHochberg,
    };

    public static TheoryData<string, string, string> PairwiseCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var section in new[] { "pairwise", "pairwise_control" })
            foreach (var set in ReferenceSet.All.Where(s => s.Root.TryGetProperty(section, out _)))
                foreach (var method in set.Root.GetProperty(section).GetProperty("p_adjusted").EnumerateObject()) data.Add(set.FileName, section, method.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(PairwiseCases))]
    public async Task Pairwise_tests_and_adjusted_p_values_equal_R(string file, string section, string method)
    {
        // Arrange: every weight of the section in one request; its Fleming–Harrington weight is (1, 1).
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty(section);
        var weights = Json.Strings(expected.GetProperty("weights"));
        var request = new CompareGroupsRequest { Cohort = Cohorts.From(set), Pairwise = true, PAdjust = Adjustments[method], FhP = 1, FhQ = 1 };
        request.Weights.Add(weights.Select(w => w.StartsWith("fleming", StringComparison.Ordinal) ? TestWeight.FlemingHarrington : Enum.Parse<TestWeight>(w.Replace("_", ""), ignoreCase: true)));
        if (section == "pairwise_control") request.ControlGroup = Json.Strings(expected.GetProperty("first"))[0];

        // Act
        var response = await server.Client.CompareGroupsAsync(request);

        // Assert
        for (var w = 0; w < weights.Length; w++)
        {
            var pairs = response.Pairwise.Where(p => p.Weight == request.Weights[w]).ToList();
            Assert.Equal(Json.Strings(expected.GetProperty("first")), pairs.Select(p => p.GroupA));
            Assert.Equal(Json.Strings(expected.GetProperty("second")), pairs.Select(p => p.GroupB));
            Tolerance.Equal(Json.Doubles(expected.GetProperty("chisq"), weights[w]), pairs.Select(p => p.HasChiSquare ? p.ChiSquare : (double?)null).ToList(), $"{weights[w]} chisq", Statistics);
            Tolerance.Equal(Json.Doubles(expected.GetProperty("p"), weights[w]), pairs.Select(p => p.HasPValue ? p.PValue : (double?)null).ToList(), $"{weights[w]} p", Statistics);
            Tolerance.Equal(Json.Doubles(expected.GetProperty("p_adjusted").GetProperty(method), weights[w]),
                pairs.Select(p => p.HasAdjustedPValue ? p.AdjustedPValue : (double?)null).ToList(), $"{weights[w]} {method}", Statistics);
        }
    }

    [Theory]
    [MemberData(nameof(FixtureCases.FilesWith), "hazard_ratio", MemberType = typeof(FixtureCases))]
    public async Task Log_rank_and_Mantel_Haenszel_hazard_ratios_equal_R(string file)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty("hazard_ratio");

        // Act
        var request = new CompareGroupsRequest { Cohort = Cohorts.From(set), ConfLevel = set.ConfLevel };
        var ratios = (await server.Client.CompareGroupsAsync(request)).DescriptiveHazardRatios;

        // Assert
        foreach (var (method, key) in new[] { (HazardRatioMethod.Logrank, "logrank"), (HazardRatioMethod.MantelHaenszel, "mantel_haenszel") })
        {
            var ratio = ratios.Single(r => r.Method == method);
            Assert.Equal((expected.GetProperty("group").GetString(), expected.GetProperty("reference").GetString()), (ratio.Group, ratio.ReferenceGroup));
            Tolerance.Equal(Json.Double(expected.GetProperty(key).GetProperty("hr")), ratio.HasHazardRatio ? ratio.HazardRatio : null, $"{key} hr", Statistics);
            Tolerance.Equal(Json.Double(expected.GetProperty(key).GetProperty("lower")), ratio.HasLower ? ratio.Lower : null, $"{key} lower", Statistics);
            Tolerance.Equal(Json.Double(expected.GetProperty(key).GetProperty("upper")), ratio.HasUpper ? ratio.Upper : null, $"{key} upper", Statistics);
        }
    }
}
