using System.Text.Json;
using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.Inference;
using Survival.TestSupport;

namespace Survival.Core.Tests;

/// <summary>
/// The small-sample pointwise intervals against km.ci 0.5-6 and the generator's own solutions
/// (tools/reference/generate-small-sample-reference.R; km.ci(survfit(Surv(time, status) ~ 1), method = ...)).
/// </summary>
public sealed class SmallSampleIntervalReferenceTests
{
    private const string Prefix = "intervals-";

    public static TheoryData<string> Sets => SmallSampleReference.Names(Prefix);

    private static (KaplanMeierCurve Curve, JsonElement Root) Load(string name)
    {
        var root = SmallSampleReference.Load(Prefix, name);
        var data = root.GetProperty("data");
        var times = Json.Doubles(data, "time").Select(t => t!.Value).ToArray();
        var events = Json.Doubles(data, "status").Select(s => s == 1).ToArray();
        return (KaplanMeier.Estimate(SurvivalData.Create(times, events)), root);
    }

    private static double?[] Bound(JsonElement section, string bound) => Json.Doubles(section, bound);

    private static (double?[] Lower, double?[] Upper) Ours(KaplanMeierCurve curve, ConfidenceType type)
    {
        var band = ConfidenceBand.Compute(curve, type, ConfidenceLevel.Default);
        return ([.. band.Lower], [.. band.Upper]);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Rothman_equals_km_ci_where_death_has_occurred_and_Wilson_for_no_failure_before(string name)
    {
        // km.ci(fit, method = "rothman"): 1e-9 where 0 < S < 1. At S = 1 km.ci gives [1, 1]; the paper's n′ is the
        // number at risk, so the interval is Wilson's for no failure, n/(n + z²) (docs/methods.md).
        var (curve, root) = Load(name);
        var (lower, upper) = Ours(curve, ConfidenceType.Rothman);
        var kmci = root.GetProperty("kmci").GetProperty("rothman");
        var z = ConfidenceLevel.Default.Z;
        for (var j = 0; j < lower.Length; j++)
        {
            var s = curve.Survival[j];
            if (s >= 1)
            {
                var n = curve.AtRisk[j] - curve.Events[j] - curve.Censored[j];
                Tolerance.Equal(n / (n + z * z), lower[j], $"{name} lower[{j}] at S = 1");
                Tolerance.Equal(1, upper[j], $"{name} upper[{j}] at S = 1");
            }
            else if (s > 0)
            {
                Tolerance.Equal(Bound(kmci, "lower")[j], lower[j], $"{name} lower[{j}]");
                Tolerance.Equal(Bound(kmci, "upper")[j], upper[j], $"{name} upper[{j}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Peto_equals_km_ci_clipped_to_the_unit_interval(string name)
    {
        // km.ci(fit, method = "peto"), whose bounds may leave [0, 1]; ours are clipped as R clips the plain interval. 1e-9.
        var (curve, root) = Load(name);
        var (lower, upper) = Ours(curve, ConfidenceType.Peto);
        var kmci = root.GetProperty("kmci").GetProperty("peto");
        Tolerance.Equal(Bound(kmci, "lower").Select(v => v is { } x ? Math.Max(0, x) : (double?)null).ToArray(), lower, $"{name} lower");
        Tolerance.Equal(Bound(kmci, "upper").Select(v => v is { } x ? Math.Min(1, x) : (double?)null).ToArray(), upper, $"{name} upper");
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Thomas_Grunkemeier_equals_the_exact_likelihood_ratio_roots_and_km_ci_to_its_bisection(string name)
    {
        // The generator solves −2 log R(λ) = χ² by uniroot(tol = 1e-15): 1e-9. km.ci(fit, method = "grunkemeier") stops
        // its bisection at |−2 log R − χ²| < 1e-7: agreement to 1e-6 where a death has occurred.
        var (curve, root) = Load(name);
        var (lower, upper) = Ours(curve, ConfidenceType.ThomasGrunkemeier);
        var exact = root.GetProperty("thomas_grunkemeier");
        var kmci = root.GetProperty("kmci").GetProperty("grunkemeier");
        var deaths = 0;
        for (var j = 0; j < lower.Length; j++)
        {
            deaths += curve.Events[j];
            if (deaths == 0 || curve.Survival[j] == 0) continue;
            Tolerance.Equal(Bound(exact, "lower")[j], lower[j], $"{name} lower[{j}]");
            Tolerance.Equal(Bound(exact, "upper")[j], upper[j], $"{name} upper[{j}]");
            Tolerance.Equal(Bound(kmci, "lower")[j], lower[j], $"{name} km.ci lower[{j}]", 1e-6);
            Tolerance.Equal(Bound(kmci, "upper")[j], upper[j], $"{name} km.ci upper[{j}]", 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Beta_product_equals_the_method_of_moments_formula_and_contains_the_estimate(string name)
    {
        // The generator's bpcp (Fay, Brittain & Proschan 2013, method of moments, (t_j, t_{j+1}) cells): 1e-9.
        var (curve, root) = Load(name);
        var (lower, upper) = Ours(curve, ConfidenceType.BetaProduct);
        var reference = root.GetProperty("beta_product");
        Tolerance.Equal(Bound(reference, "lower"), lower, $"{name} lower");
        Tolerance.Equal(Bound(reference, "upper"), upper, $"{name} upper");
        for (var j = 0; j < lower.Length; j++)
        {
            Assert.True(lower[j] <= curve.Survival[j] && curve.Survival[j] <= upper[j], $"{name} row {j}: the interval lies off the estimate");
        }
    }

    [Fact]
    public void Beta_product_is_Clopper_Pearson_without_censoring()
    {
        // qbeta(α/2, Y, n − Y + 1) and qbeta(1 − α/2, Y + 1, n − Y) with Y survivors of n = 12: 1e-9.
        var (curve, root) = Load("no_censoring");
        var (lower, upper) = Ours(curve, ConfidenceType.BetaProduct);
        var cp = root.GetProperty("clopper_pearson");
        Tolerance.Equal(Bound(cp, "lower"), lower, "lower");
        Tolerance.Equal(Bound(cp, "upper"), upper, "upper");
    }

    [Theory]
    [InlineData(ConfidenceType.ThomasGrunkemeier)]
    [InlineData(ConfidenceType.Rothman)]
    [InlineData(ConfidenceType.Peto)]
    [InlineData(ConfidenceType.BetaProduct)]
    public void Small_sample_intervals_refuse_case_weights(ConfidenceType type)
    {
        var data = SurvivalData.Create([1, 2, 3], [true, false, true]).WithWeights([1.5, 1, 2]);
        var curve = KaplanMeier.Estimate(data);
        var error = Assert.Throws<InputRuleException>(() => ConfidenceBand.Compute(curve, type, ConfidenceLevel.Default));
        Assert.Equal("conf_type", error.Input);
    }

    [Fact]
    public void Seven_patient_median_os_reads_the_beta_product_curves()
    {
        // The README's example: median OS 14 months (R), its interval read off the beta-product curves as R reads its own.
        var (curve, _) = Load("seven_os");
        var band = ConfidenceBand.Compute(curve, ConfidenceType.BetaProduct, ConfidenceLevel.Default);
        var median = SurvivalQuantile.Estimate(curve, band, [0.5])[0];
        Assert.Equal(14, median.Time);
        Assert.Equal(9, median.Lower);
        Assert.Null(median.Upper);
    }
}
