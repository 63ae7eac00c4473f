using Survival.Core.GroupTests;

namespace Survival.Core.Tests;

/// <summary>
/// R's <c>p.adjust</c> worked by hand for p = (0.01, 0.04, 0.03, NA): three present values, so m = 3 and the absent
/// one stays absent. Sorted: 0.01, 0.03, 0.04.
/// <code>
/// Bonferroni  3p                                   → 0.03, 0.12, 0.09
/// Holm        running max of (3, 2, 1)·p₍ᵢ₎         → 0.03, max(0.03, 0.06) = 0.06, max(0.06, 0.04) = 0.06
/// BH          running min from the top of (3/i)·p₍ᵢ₎ → 0.04, min(0.04, 0.045) = 0.04, min(0.04, 0.03) = 0.03
/// </code>
/// </summary>
public class PValueAdjustTests
{
    public static TheoryData<PValueAdjustment, double?[]> Cases => new()
    {
        { PValueAdjustment.Bonferroni, [0.03, 0.12, 0.09, null] },
        { PValueAdjustment.Holm, [0.03, 0.06, 0.06, null] },
        { PValueAdjustment.BenjaminiHochberg, [0.03, 0.04, 0.04, null] },
        { PValueAdjustment.None, [0.01, 0.04, 0.03, null] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Adjustment_equals_the_hand_worked_values(PValueAdjustment method, double?[] expected)
    {
        // Arrange
        double?[] p = [0.01, 0.04, 0.03, null];

        // Act
        var adjusted = PValueAdjust.Adjust(p, method);

        // Assert
        Assert.Equal(expected.Length, adjusted.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] is null) Assert.Null(adjusted[i]);
            else Assert.Equal(expected[i]!.Value, adjusted[i]!.Value, 1e-15);
        }
    }

    [Fact]
    public void A_single_p_value_is_not_adjusted()
    {
        // Arrange
        double?[] p = [0.2];

        // Act
        var adjusted = PValueAdjust.Adjust(p, PValueAdjustment.Bonferroni);

        // Assert
        Assert.Equal(0.2, adjusted[0]);
    }
}
