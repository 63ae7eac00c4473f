using Survival.TestSupport;
using Survival.Core.Cox;
using Survival.Core.GroupTests;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>
/// The one-call comparison against the same R fixtures as its parts: the weighted family with its trend test
/// (section <c>weighted_logrank</c>, or <c>weighted_logrank_stratified</c> when stratified, 1e-8 relative) and
/// <c>coxph(..., ties = "efron")</c> (<c>cox.efron</c> or <c>cox_stratified.efron</c> where the fixture has it,
/// 1e-6 relative), so that the
/// wiring of options to statistics is checked on every data set.
/// </summary>
public class GroupComparisonReferenceTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var set in ReferenceSet.All)
        {
            if (set.Root.TryGetProperty("weighted_logrank", out _)) data.Add(set.FileName, false);
            if (set.Root.TryGetProperty("weighted_logrank_stratified", out _)) data.Add(set.FileName, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Comparison_equals_survdiff_family_and_coxph(string file, bool stratified)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var family = set.Root.GetProperty(stratified ? "weighted_logrank_stratified" : "weighted_logrank");
        var hasCox = set.Root.TryGetProperty(stratified ? "cox_stratified" : "cox", out var coxSection);
        var weights = Json.Strings(family.GetProperty("weights")).Select(FixtureCases.Weight).ToArray();
        var fleming = weights.Single(w => w.Weight == TestWeight.FlemingHarrington);
        var options = new GroupComparisonOptions
        {
            Weights = [.. weights.Select(w => w.Weight)],
            FlemingHarringtonP = fleming.P,
            FlemingHarringtonQ = fleming.Q,
            Stratified = stratified,
            Trend = true,
            Pairwise = true,
            Level = new ConfidenceLevel(set.ConfLevel),
        };

        // Act
        var result = GroupComparison.Compare(ReferenceCases.Data(set), ReferenceCases.Groups(set),
            set.Strata is null ? null : ReferenceCases.Strata(set), options);

        // Assert
        Assert.Equal(Json.Strings(family.GetProperty("groups")), result.Groups);
        Assert.Equal(stratified, result.Stratified);
        Tolerance.Equal(Json.Doubles(family, "chisq"), result.Tests.Select(t => t.Test.ChiSquare).ToList(), "chisq", 1e-8);
        Tolerance.Equal(Json.Doubles(family, "trend_chisq"), result.Tests.Select(t => t.Trend!.Test.ChiSquare).ToList(), "trend_chisq", 1e-8);
        Assert.Equal(weights.Length * result.Groups.Length * (result.Groups.Length - 1) / 2, result.Pairwise.Length);
        Assert.Equal(stratified, result.Cox.Stratified);
        if (!hasCox) return;
        var cox = coxSection.GetProperty("efron");
        Assert.Equal(cox.GetProperty("iterations").GetInt32(), result.Cox.Iterations);
        Tolerance.Equal(Json.Doubles(cox, "loglik"), [result.Cox.LogLikelihoodNull, result.Cox.LogLikelihood], "loglik", 1e-6);
        Tolerance.Equal(Json.Double(cox.GetProperty(FixtureCases.ConcordanceKey(cox))), result.Cox.Concordance?.Value, "concordance", 1e-6);
    }
}
