using System.Text.Json;
using Survival.TestSupport;
using Survival.Core.Counting;
using Survival.Core.GroupTests;
using Survival.Core.Inference;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// Each group against the first: RMST difference and ratio at τ and survival difference at each landmark, against the
/// R fixtures (tools/reference/generate-reference.R, contrast_section: R's per-group summary(fit, rmean = tau) and
/// summary(fit, times = t) combined as survRM2 does), within 1e-9 relative.
/// </summary>
public class GroupContrastsReferenceTests
{
    [Theory]
    [MemberData(nameof(FixtureCases.FilesWith), "contrasts", MemberType = typeof(FixtureCases))]
    public void Contrasts_equal_R(string file)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty("contrasts").EnumerateArray().ToArray();
        var tau = expected[0].GetProperty("tau").GetDouble();
        var landmarks = Json.Doubles(expected[0], "landmarks").Select(t => t!.Value).ToArray();
        var counts = CountingTable.FromSubjects(set.Data(), ReferenceCases.Groups(set));

        // Act
        var contrasts = GroupContrasts.Compare(counts, null, tau, landmarks, new ConfidenceLevel(set.ConfLevel));

        // Assert
        Assert.Equal(expected.Length * (2 + landmarks.Length), contrasts.Length);
        foreach (var group in expected)
        {
            var mine = contrasts.Where(c => c.Group == group.GetProperty("group").GetString()).ToArray();
            Assert.All(mine, c => Assert.Equal(group.GetProperty("reference").GetString(), c.ReferenceGroup));
            AssertContrast(group.GetProperty("rmst_difference"), mine.Where(c => c.Measure == ContrastMeasure.RmstDifference).ToArray());
            AssertContrast(group.GetProperty("rmst_ratio"), mine.Where(c => c.Measure == ContrastMeasure.RmstRatio).ToArray());
            AssertContrast(group.GetProperty("survival_difference"), mine.Where(c => c.Measure == ContrastMeasure.SurvivalDifference).ToArray());
        }
    }

    [Fact]
    public void Tau_before_a_groups_first_time_is_not_estimable()
    {
        // Arrange: R's rmean declines a truncation point before the first time.
        var data = SurvivalData.Create([2, 3, 5, 0.5, 4, 6], [true, false, true, true, true, false]);
        var counts = CountingTable.FromSubjects(data, Factor.Create(["a", "a", "a", "b", "b", "b"]));

        // Act
        var contrasts = GroupContrasts.Compare(counts, null, 1, [], ConfidenceLevel.Default);

        // Assert
        Assert.All(contrasts, c => Assert.Null(c.Estimate));
        Assert.All(contrasts, c => Assert.NotNull(c.NotEstimableReason));
    }

    private static void AssertContrast(JsonElement expected, IReadOnlyList<GroupContrast> actual)
    {
        Tolerance.Equal(Json.Doubles(expected, "estimate"), actual.Select(c => c.Estimate).ToArray(), "estimate");
        Tolerance.Equal(Json.Doubles(expected, "se"), actual.Select(c => c.StdError).ToArray(), "se");
        Tolerance.Equal(Json.Doubles(expected, "lower"), actual.Select(c => c.Lower).ToArray(), "lower");
        Tolerance.Equal(Json.Doubles(expected, "upper"), actual.Select(c => c.Upper).ToArray(), "upper");
        Tolerance.Equal(Json.Doubles(expected, "p"), actual.Select(c => c.PValue).ToArray(), "p");
    }
}
