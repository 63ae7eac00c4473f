using Survival.Core.Inference;
using Survival.Core.MetaAnalysis;
using Survival.TestSupport;

namespace Survival.Core.Tests;

/// <summary>
/// Inverse-variance pooling against metafor (tools/reference/generate-pooling-reference.R):
/// <c>rma(yi, sei = sei, method = "FE" / "DL" / "REML")</c> and <c>predict()</c>, every value within 1e-8 relative
/// (REML too: its Fisher scoring is metafor's, which stops once τ² moves less than 1e-5; the fixtures' reml_precise,
/// run to 1e-12, shows how far that leaves τ² from the likelihood's exact maximum — see docs/methods.md).
/// </summary>
public class PoolingReferenceTests
{
    public static TheoryData<string, PoolingMethod> Cases()
    {
        var data = new TheoryData<string, PoolingMethod>();
        foreach (var set in PoolingReferenceSet.All)
            foreach (var method in Enum.GetValues<PoolingMethod>()) data.Add(set.Name, method);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pooled_estimate_heterogeneity_and_prediction_interval_equal_metafor(string name, PoolingMethod method)
    {
        // Arrange
        var set = PoolingReferenceSet.Named(name);

        // Act
        var pooled = InverseVariancePooling.Pool(set.Studies, method, new ConfidenceLevel(set.ConfLevel));

        // Assert
        AssertEqual(set.Fits.GetProperty(PoolingReferenceSet.MetaforName(method)), pooled, 1e-8, $"{name} {method}");
    }

    [Fact]
    public void Held_out_sets_are_part_of_the_table()
    {
        Assert.True(PoolingReferenceSet.All.Count(s => s.Role == "held-out") >= 5);
    }

    private static void AssertEqual(System.Text.Json.JsonElement fit, PooledEstimate pooled, double relative, string what)
    {
        double? R(string key) => fit.TryGetProperty(key, out var value) ? Json.Double(value) : null;
        Tolerance.Equal(R("estimate"), pooled.Estimate, $"{what} estimate", relative);
        Tolerance.Equal(R("se"), pooled.StdError, $"{what} se", relative);
        Tolerance.Equal(R("z"), pooled.Z, $"{what} z", relative);
        Tolerance.Equal(R("p"), pooled.PValue, $"{what} p", relative);
        Tolerance.Equal(R("ci_lb"), pooled.Lower, $"{what} lower", relative);
        Tolerance.Equal(R("ci_ub"), pooled.Upper, $"{what} upper", relative);
        Tolerance.Equal(R("tau2"), pooled.Tau2, $"{what} tau2", relative);
        Tolerance.Equal(R("I2"), pooled.I2, $"{what} I2", relative);
        Tolerance.Equal(R("H2"), pooled.H2, $"{what} H2", relative);
        Tolerance.Equal(R("QE"), pooled.Q, $"{what} Q", 1e-8);
        Tolerance.Equal(R("QEp"), pooled.QPValue, $"{what} Q p", 1e-8);
        Tolerance.Equal(R("pi_lb"), pooled.PredictionLower, $"{what} prediction lower", relative);
        Tolerance.Equal(R("pi_ub"), pooled.PredictionUpper, $"{what} prediction upper", relative);
        Tolerance.Equal(Json.Doubles(fit, "weights"), [.. pooled.WeightsPercent.Select(w => (double?)w)], $"{what} weights", relative);
    }
}
