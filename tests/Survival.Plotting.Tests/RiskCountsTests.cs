using Survival.TestSupport;
using Survival.Core.Curves;

namespace Survival.Plotting.Tests;

public class RiskCountsTests
{
    public static TheoryData<string, string> GroupsWithLandmarks()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in ReferenceSet.All.Where(s => s.Root.TryGetProperty("landmarks", out _)))
            foreach (var group in set.GroupKeys) data.Add(set.FileName, group);
        return data;
    }

    [Theory]
    [MemberData(nameof(GroupsWithLandmarks))]
    public void At_risk_equals_r_summary_n_risk_at_the_landmarks(string file, string group)
    {
        // Arrange: R's summary(fit, times, extend = TRUE)$n.risk.
        var set = ReferenceSet.Named(file);
        var landmarks = set.Root.GetProperty("landmarks");
        var times = Json.Doubles(landmarks, "times").Select(t => t!.Value).ToArray();
        var expected = Json.Doubles(landmarks.GetProperty(group), "n_risk").Select(n => (int)n!.Value).ToArray();
        var curve = KaplanMeier.Estimate(set.SubsetData(group));

        // Act
        var atRisk = times.Select(t => RiskCounts.AtRisk(curve, t)).ToArray();

        // Assert
        Assert.Equal(expected, atRisk);
    }

    [Theory]
    [MemberData(nameof(GroupsWithLandmarks))]
    public void Counts_equal_counting_the_subjects_at_every_time(string file, string group)
    {
        // Arrange: every curve time, and points between, before and after them. Each subject counts at its time as the
        // curve holds it: near-equal times are merged into the first of their run (R's timefix), the curve's time at or
        // before the subject's own.
        var set = ReferenceSet.Named(file);
        var (rawTimes, events, rawEntries) = set.Subset(group);
        var curve = KaplanMeier.Estimate(set.SubsetData(group));
        var times = rawTimes.Select(x => curve.Times[curve.RowAtOrBefore(x)]).ToArray();
        // A late entrant is at risk only after its entry (R's Surv(entry, time, status)).
        var entries = rawEntries ?? new double[rawTimes.Length];
        var lateEntry = rawEntries is not null;
        // Between curve times, R's summary.survfit reports the number at risk at the next curve time; with delayed entry
        // that differs from a head count when someone enters in between, so only the curve's own times are probed then.
        var probes = lateEntry
            ? times.Distinct()
            : times.Concat(times.Select(t => t + 0.5)).Append(0).Append(-1).Append(times.Max() + 10).Distinct();

        foreach (var t in probes)
        {
            // Act
            var atRisk = RiskCounts.AtRisk(curve, t);
            var eventsThrough = RiskCounts.EventsThrough(curve, t);
            var censoredThrough = RiskCounts.CensoredThrough(curve, t);

            // Assert
            Assert.Equal(times.Where((x, i) => x >= t && (!lateEntry || entries[i] < t)).Count(), atRisk);
            Assert.Equal(times.Zip(events).Count(s => s.First <= t && s.Second), eventsThrough);
            Assert.Equal(times.Zip(events).Count(s => s.First <= t && !s.Second), censoredThrough);
        }
    }
}
