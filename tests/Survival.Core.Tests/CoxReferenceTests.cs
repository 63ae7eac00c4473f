using System.Text.Json;
using Survival.TestSupport;
using Survival.Core.Cox;
using Survival.Core.Inference;

namespace Survival.Core.Tests;

/// <summary>
/// The Cox model against R 4.2.2 / survival 3.5-3, estimates within 1e-6 relative:
/// <c>coxph(Surv(time, status) ~ factor(group), ties = T)</c> (section <c>cox[T]</c>) and
/// <c>coxph(Surv(time, status) ~ factor(group) + strata(strata), ties = T)</c> (section <c>cox_stratified[T]</c>),
/// reference = first level. Terms R flags with "coefficient may be infinite" must be absent here.
/// The concordance is R's, or, for the one fixture where coxph's exact comparison of linear predictors splits groups
/// whose coefficients are equal but for rounding, R's concordance of the predictors rounded to 10 digits.
/// </summary>
public class CoxReferenceTests
{
    private const double Estimates = 1e-6;

    public static readonly IReadOnlyDictionary<string, TieMethod> TiesNames = new Dictionary<string, TieMethod>
    {
        ["efron"] = TieMethod.Efron,
        ["breslow"] = TieMethod.Breslow,
        ["exact"] = TieMethod.Exact,
    };

    [Theory]
    [MemberData(nameof(FixtureCases.EntriesOf), "cox", MemberType = typeof(FixtureCases))]
    public void Model_equals_coxph(string file, string ties) => AssertModel(ReferenceSet.Named(file), "cox", ties, stratified: false);

    [Theory]
    [MemberData(nameof(FixtureCases.EntriesOf), "cox_stratified", MemberType = typeof(FixtureCases))]
    public void Stratified_model_equals_coxph(string file, string ties) => AssertModel(ReferenceSet.Named(file), "cox_stratified", ties, stratified: true);

    /// <summary>Every (section, file, ties) whose R fit reports the concordance's standard error.</summary>
    public static TheoryData<string, string, string> FitsWithConcordanceStdError()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var section in new[] { "cox", "cox_stratified" })
        {
            foreach (var set in ReferenceSet.All.Where(s => s.Root.TryGetProperty(section, out _)))
            {
                foreach (var fit in set.Root.GetProperty(section).EnumerateObject().Where(f => f.Value.TryGetProperty("concordance_std", out _)))
                    data.Add(section, set.FileName, fit.Name);
            }
        }
        return data;
    }

    /// <summary>
    /// R's <c>fit$concordance["std"]</c> within 1e-8 (or, where the concordance is that of the rounded predictors, R's
    /// <c>sqrt(concordancefit(y, signif(lp, 10), strata, reverse = TRUE)$var)</c>); absent with delayed entry, whose
    /// per-subject pairs the counting table cannot give.
    /// </summary>
    [Theory]
    [MemberData(nameof(FitsWithConcordanceStdError))]
    public void Concordance_standard_error_equals_coxph(string section, string file, string ties)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var expected = set.Root.GetProperty(section).GetProperty(ties);
        var data = ReferenceCases.Data(set);
        var key = FixtureCases.ConcordanceStdErrorKey(expected);

        // Act
        var model = CoxProportionalHazards.Fit(data, ReferenceCases.Groups(set), section == "cox_stratified" ? ReferenceCases.Strata(set) : null,
            TiesNames[ties], level: new ConfidenceLevel(set.ConfLevel));

        // Assert
        if (data.EntryTimes.IsEmpty) Tolerance.Equal(Json.Double(expected.GetProperty(key)), model.Concordance?.StdError, "concordance se", 1e-8);
        else Assert.Null(model.Concordance?.StdError);
    }

    private static void AssertModel(ReferenceSet set, string section, string ties, bool stratified)
    {
        // Arrange
        var expected = set.Root.GetProperty(section).GetProperty(ties);
        var groups = ReferenceCases.Groups(set);
        var infinite = expected.TryGetProperty("infinite", out var flags) ? Json.Doubles(flags).Select(f => f == 1).ToArray() : new bool[groups.LevelCount - 1];

        // Act
        var model = CoxProportionalHazards.Fit(ReferenceCases.Data(set), groups, stratified ? ReferenceCases.Strata(set) : null,
            TiesNames[ties], level: new ConfidenceLevel(set.ConfLevel));

        // Assert
        Assert.Equal(expected.GetProperty("reference").GetString(), model.Coefficients[0].ReferenceLevel);
        Assert.Equal(expected.GetProperty("iterations").GetInt32(), model.Iterations);
        Assert.Equal(infinite.Contains(true), !model.Converged);
        var finite = Enumerable.Range(0, infinite.Length).Where(c => !infinite[c]).ToArray();
        foreach (var (name, value) in new (string, Func<CoxCoefficient, double?>)[]
                 {
                     ("coef", t => t.Estimate.Coefficient), ("se", t => t.Estimate.StdError), ("hr", t => t.Estimate.HazardRatio), ("lower", t => t.Estimate.Lower),
                     ("upper", t => t.Estimate.Upper), ("z", t => t.Estimate.Z), ("p", t => t.Estimate.PValue),
                 })
        {
            var all = Json.Doubles(expected, name);
            Tolerance.Equal(finite.Select(c => all[c]).ToList(), finite.Select(c => value(model.Coefficients[c])).ToList(), name, Estimates);
        }
        Assert.All(Enumerable.Range(0, infinite.Length).Where(c => infinite[c]), c => Assert.Null(model.Coefficients[c].Estimate.HazardRatio));
        var loglik = Json.Doubles(expected, "loglik");
        Tolerance.Equal(loglik, [model.LogLikelihoodNull, model.LogLikelihood], "loglik", Estimates);
        AssertTest(expected, "lr", model.LikelihoodRatio);
        AssertTest(expected, "score", model.Score);
        if (!infinite.Contains(true)) AssertTest(expected, "wald", model.Wald);
        Tolerance.Equal(Json.Double(expected.GetProperty(FixtureCases.ConcordanceKey(expected))), model.Concordance?.Value, "concordance", Estimates);
    }

    private static void AssertTest(JsonElement expected, string name, ChiSquareTest actual)
    {
        Tolerance.Equal(Json.Double(expected.GetProperty($"{name}_chisq")), actual.ChiSquare, $"{name}_chisq", Estimates);
        Tolerance.Equal(Json.Double(expected.GetProperty($"{name}_p")), actual.PValue, $"{name}_p", Estimates);
    }
}
