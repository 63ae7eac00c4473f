using Survival.Core.IntervalCensoring;
using Survival.TestSupport;

namespace Survival.Core.Tests.IntervalCensoring;

/// <summary>
/// The interval-censored rank tests against the definitions of Fay &amp; Shaw (2010) written out in R
/// (tools/reference/generate-interval-reference.R), and the published breast-cosmesis figures.
/// </summary>
public sealed class IntervalRankTestReferenceTests
{
    private static readonly Dictionary<string, IntervalScore> Scores = new()
    {
        ["logrank1"] = IntervalScore.SunLogRank,
        ["logrank2"] = IntervalScore.FinkelsteinLogRank,
        ["wmw"] = IntervalScore.PetoPetoWilcoxon,
    };

    /// <summary>
    /// U_g and the permutation form (interval's <c>ictest(..., method = "pclt")</c>), computed in R from npsurv's NPMLE:
    /// within 1e-7 relative (the NPMLEs agree to 1e-8).
    /// </summary>
    [Theory]
    [MemberData(nameof(IntervalReference.Tests), MemberType = typeof(IntervalReference))]
    public void Permutation_form_equals_R(string file, string scores)
    {
        // Arrange
        var reference = IntervalReference.Named(file);
        var expected = reference.Root.GetProperty("tests").GetProperty(scores).GetProperty("permutation");

        // Act
        var result = IntervalRankTest.Compare(reference.Table(), [Scores[scores]]).Single();

        // Assert
        var u = Json.Doubles(expected, "U");
        for (var g = 0; g < u.Length; g++) Assert.Equal(u[g]!.Value, result.ScoreSums[g], 1e-7 * Math.Max(1, Math.Abs(u[g]!.Value)));
        var chiSquare = expected.GetProperty("chisq").GetDouble();
        Assert.Equal(chiSquare, result.Permutation.Test.ChiSquare!.Value, 1e-7 * chiSquare);
        Assert.Equal(expected.GetProperty("p").GetDouble(), result.Permutation.Test.PValue!.Value, 1e-7);
        if (u.Length == 2) Assert.Equal(expected.GetProperty("z").GetDouble(), result.Permutation.Z!.Value, 1e-7);
    }

    /// <summary>
    /// The score-test form (interval's <c>method = "scoretest"</c>): the analytic efficient information against R's
    /// complex-step <c>numDeriv::hessian(loglik, theta0, method = "complex")</c> of the likelihood itself, within 1e-8 relative.
    /// </summary>
    [Theory]
    [MemberData(nameof(IntervalReference.Tests), MemberType = typeof(IntervalReference))]
    public void Score_form_equals_the_numerical_information(string file, string scores)
    {
        // Arrange
        var reference = IntervalReference.Named(file);
        if (!reference.Root.GetProperty("tests").GetProperty(scores).TryGetProperty("score", out var expected)) return;

        // Act
        var result = IntervalRankTest.Compare(reference.Table(), [Scores[scores]]).Single();

        // Assert
        var chiSquare = expected.GetProperty("chisq").GetDouble();
        Assert.Equal(chiSquare, result.ScoreTest.Test.ChiSquare!.Value, 1e-8 * chiSquare);
    }

    /// <summary>
    /// Fay &amp; Shaw (2010, section 4.2) on the breast cosmesis data (94 women): "the two different logrank tests give very
    /// similar results, p close to 0.007 in both cases" (permutation form); their Figure 1's Rad group has S(4) = 1 and
    /// S(5) = 1 − 0.0463 (section 4.1).
    /// </summary>
    [Fact]
    public void Breast_cosmesis_matches_the_published_figures()
    {
        // Arrange
        var reference = IntervalReference.Named("breast_cosmesis");

        // Act
        var tests = IntervalRankTest.Compare(reference.Table(), [IntervalScore.SunLogRank, IntervalScore.FinkelsteinLogRank]);
        var rad = Turnbull.Estimate(reference.Data("Rad"));

        // Assert
        foreach (var test in tests) Assert.InRange(test.Permutation.Test.PValue!.Value, 0.0070, 0.0080);
        Assert.Equal(0.0463, 1 - rad.SurvivalAt(5).Upper, 0.00005);
        Assert.True(rad.SurvivalAt(4) is { Identified: true, Upper: 1 });
    }

    /// <summary>At the exact NPMLE the scores sum to 0 over all subjects: a shift of every group together is a nuisance direction.</summary>
    [Theory]
    [MemberData(nameof(IntervalReference.Tests), MemberType = typeof(IntervalReference))]
    public void Scores_sum_to_zero(string file, string scores)
    {
        // Arrange
        var reference = IntervalReference.Named(file);

        // Act
        var result = IntervalRankTest.Compare(reference.Table(), [Scores[scores]]).Single();

        // Assert
        Assert.Equal(0, result.ScoreSums.Sum(), 1e-9 * reference.Left.Length);
    }
}
