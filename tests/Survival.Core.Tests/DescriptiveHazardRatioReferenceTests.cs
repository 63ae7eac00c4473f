using Survival.TestSupport;
using Survival.Core.GroupTests;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>
/// The hazard ratios GraphPad Prism reports, against the same formulas evaluated in R 4.2.2 on survdiff's O, E and V
/// (section <c>hazard_ratio</c>; second group against the first), within 1e-9 relative:
/// log-rank (O₂/E₂)/(O₁/E₁) with se(log HR) = √(1/E₁ + 1/E₂), Mantel–Haenszel exp((O₂ − E₂)/V) with se = 1/√V.
/// </summary>
public class DescriptiveHazardRatioReferenceTests
{
    [Theory]
    [MemberData(nameof(FixtureCases.FilesWith), "hazard_ratio", MemberType = typeof(FixtureCases))]
    public void Hazard_ratios_equal_R(string file)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty("hazard_ratio");

        // Act
        var result = GroupComparison.Compare(ReferenceCases.Data(set), ReferenceCases.Groups(set), null,
            new GroupComparisonOptions { Level = new ConfidenceLevel(set.ConfLevel) });

        // Assert
        var ratios = result.HazardRatios!;
        Assert.Equal(expected.GetProperty("group").GetString(), ratios.Group);
        Assert.Equal(expected.GetProperty("reference").GetString(), ratios.ReferenceGroup);
        foreach (var (name, estimate) in new[] { ("logrank", ratios.LogRank), ("mantel_haenszel", ratios.MantelHaenszel) })
        {
            var section = expected.GetProperty(name);
            Tolerance.Equal(Json.Double(section.GetProperty("hr")), estimate.HazardRatio, $"{name} hr");
            Tolerance.Equal(Json.Double(section.GetProperty("lower")), estimate.Lower, $"{name} lower");
            Tolerance.Equal(Json.Double(section.GetProperty("upper")), estimate.Upper, $"{name} upper");
        }
    }
}
