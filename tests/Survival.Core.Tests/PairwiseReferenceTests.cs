using Survival.TestSupport;
using Survival.Core.GroupTests;

namespace Survival.Core.Tests;

/// <summary>
/// Pairwise tests against R 4.2.2 / survival 3.5-3, within 1e-8 relative: each pair's weighted log-rank test on the
/// two groups' subjects (as survminer's <c>pairwise_survdiff</c>; the log-rank weight checked against
/// <c>survdiff</c> on the subset) and <c>p.adjust(p, "holm" | "bonferroni" | "BH")</c> over the pairs of one weight
/// (sections <c>pairwise</c>, every pair, and <c>pairwise_control</c>, the first group against each other).
/// </summary>
public class PairwiseReferenceTests
{
    private const double Statistics = 1e-8;

    private static readonly IReadOnlyDictionary<string, PValueAdjustment> Adjustments = new Dictionary<string, PValueAdjustment>
    {
        ["holm"] = PValueAdjustment.Holm,
        ["bonferroni"] = PValueAdjustment.Bonferroni,
        ["BH"] = PValueAdjustment.BenjaminiHochberg,
    };

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var section in new[] { "pairwise", "pairwise_control" })
            foreach (var file in FixtureCases.FilesWith(section))
                foreach (var adjustment in Adjustments.Keys) data.Add(file, section, adjustment);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pairwise_tests_equal_R(string file, string section, string adjustment)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty(section);
        var names = Json.Strings(expected.GetProperty("weights"));
        var weights = names.Select(FixtureCases.Weight).ToArray();
        var groups = ReferenceCases.Groups(set);
        var control = section == "pairwise_control" ? groups.Levels[0] : null;

        // Act
        var results = weights.Select(w => PairwiseComparisons.Compare(ReferenceCases.Data(set), groups, null, [w.Weight],
            w.P, w.Q, Adjustments[adjustment], control)).ToArray();

        // Assert
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal(Json.Strings(expected.GetProperty("first")), results[i].Select(r => r.First));
            Assert.Equal(Json.Strings(expected.GetProperty("second")), results[i].Select(r => r.Second));
            Tolerance.Equal(Json.Doubles(expected.GetProperty("chisq"), names[i]), results[i].Select(r => r.Test.ChiSquare).ToList(), $"chisq[{names[i]}]", Statistics);
            Tolerance.Equal(Json.Doubles(expected.GetProperty("p"), names[i]), results[i].Select(r => r.Test.PValue).ToList(), $"p[{names[i]}]", Statistics);
            Tolerance.Equal(Json.Doubles(expected.GetProperty("p_adjusted").GetProperty(adjustment), names[i]),
                results[i].Select(r => r.AdjustedPValue).ToList(), $"{adjustment}[{names[i]}]", Statistics);
        }
    }
}
