using Survival.Core.Curves;
using Survival.Core.IntervalCensoring;
using Survival.TestSupport;

namespace Survival.Core.Tests.IntervalCensoring;

/// <summary>
/// With exact and right-censored subjects only, Turnbull's estimate is the Kaplan–Meier estimate (Turnbull 1976,
/// section 3): checked on every group of the shared R reference sets (R: <c>survfit(Surv(time, status) ~ 1)</c>, 1e-12),
/// but the one whose times R merges as near-equal (gen_near_ties): Turnbull's estimate takes times as given.
/// </summary>
public sealed class TurnbullKaplanMeierTests
{
    public static TheoryData<string, string> Groups()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in ReferenceSet.All.Where(s => s.EntryTimes is null && s.FileName != "gen_near_ties"))
            foreach (var group in set.GroupKeys) data.Add(set.FileName, group);
        return data;
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void Right_censored_data_give_the_Kaplan_Meier_curve(string file, string group)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var (times, events, _) = set.Subset(group);
        var data = IntervalCensoredData.FromSubjects(times, [.. times.Select((t, i) => events[i] ? t : double.PositiveInfinity)]);
        var km = Json.Doubles(set.Root.GetProperty("km").GetProperty(group), "surv");
        // The fixture prints times to 15 digits; the engine's curve has the data's own times, and R's survival.
        var curveTimes = KaplanMeier.Estimate(set.SubsetData(group)).Times;

        // Act
        var estimate = Turnbull.Estimate(data);

        // Assert
        Assert.Equal(km.Length, curveTimes.Length);
        for (var row = 0; row < curveTimes.Length; row++)
        {
            var value = estimate.SurvivalAt(curveTimes[row]);
            Assert.True(value.Identified);
            Assert.Equal(km[row]!.Value, value.Upper, 1e-12);
        }
        Assert.True(estimate.KuhnTuckerResidual <= 1e-12);
    }

    /// <summary>The median of exact data where the curve falls past 0.5 at an event time: R's <c>quantile(survfit(...))</c>.</summary>
    [Theory]
    [MemberData(nameof(Groups))]
    public void Right_censored_medians_are_identified_and_equal_R(string file, string group)
    {
        // Arrange
        var set = ReferenceSet.Named(file);
        var (times, events, _) = set.Subset(group);
        var data = IntervalCensoredData.FromSubjects(times, [.. times.Select((t, i) => events[i] ? t : double.PositiveInfinity)]);
        var quantiles = set.Root.GetProperty("km").GetProperty(group).GetProperty("quantiles").GetProperty("log");
        var probabilities = quantiles.TryGetProperty("probs", out var probs) ? Json.Doubles(probs) : [0.25, 0.5, 0.75];
        var expected = Json.Doubles(quantiles, "quantile")[Array.IndexOf(probabilities, 0.5)];
        var curve = KaplanMeier.Estimate(set.SubsetData(group));

        // Act
        var median = TurnbullSummary.Summarize(data, new IntervalSummaryOptions { BootstrapReplicates = 0 }).Median;

        // Assert
        // R's midpoint rule for a curve that stays at exactly 0.5 is replaced by the range: those groups are skipped here.
        var flat = curve.Survival.Any(s => Math.Abs(s - 0.5) < 1e-8);
        if (expected is null) Assert.False(median.Reached);
        else if (!flat) Assert.Equal(expected.Value, median.Time!.Value, 1e-12);
        else Assert.False(median.Identified);
    }
}
