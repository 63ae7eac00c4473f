using Survival.TestSupport;
using Survival.Core.Counting;
using Survival.Core.Curves;

namespace Survival.Core.Tests;

/// <summary>
/// The summaries the service reports (<see cref="CohortSurvival.Summarize(CountingTable, SurvivalSummaryOptions, CancellationToken)"/>)
/// read the same curve as <see cref="KaplanMeier.Estimate(CountingTable, int)"/>: with fractional weights and delayed
/// entry, or recurrent events per id, R's robust standard errors from the cohort's rows (R 4.2.2 / survival 3.5-3,
/// tests/fixtures/r-robust-curves, tools/reference/generate-robust-curves-reference.R; standard errors within 1e-7).
/// </summary>
public class CohortSummaryRowsTests
{
    private const double StdErrors = 1e-7;

    public static TheoryData<string> Sets()
    {
        var data = new TheoryData<string>();
        foreach (var set in RobustCurvesReference.All.Where(s => s.Causes is null)) data.Add(set.FileName);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void The_summarys_curve_has_Rs_robust_standard_errors(string file)
    {
        // Arrange
        var set = RobustCurvesReference.Named(file);
        var table = set.Table();

        // Act
        var summaries = CohortSurvival.Summarize(table, new SurvivalSummaryOptions());

        // Assert: survfit's std.err, of S itself when R's logse is false.
        foreach (var group in set.Root.GetProperty("curves").EnumerateObject())
        {
            var curve = summaries.Single(s => s.Group == group.Name).Summary.Curve;
            var logScale = group.Value.GetProperty("logse").GetBoolean();
            var stdErr = Enumerable.Range(0, curve.Times.Length).Select(i => logScale ? curve.StdErrLogSurvival[i] : curve.StdErrSurvival(i) ?? 0);
            Tolerance.Equal(Json.Doubles(group.Value, "std_err"), [.. stdErr.Select(s => (double?)s)], $"{group.Name} std.err", StdErrors);
        }
    }

    [Fact]
    public void A_weight_given_for_some_subjects_counts_the_others_as_one_in_every_stratum()
    {
        // Arrange: one weighted subject in stratum x; stratum y's cell has no weights of its own.
        double[] times = [9, 51, 14, 8, 11, 36, 22];
        bool[] events = [true, false, true, true, false, true, false];
        string[] arms = ["a", "b", "a", "b", "a", "b", "a"], sites = ["x", "x", "y", "y", "x", "y", "x"];
        CountingTable Table(bool explicitOnes)
        {
            var builder = new CountingTable.Builder();
            builder.KeepRows();
            for (var i = 0; i < times.Length; i++)
            {
                builder.AddSubject(builder.Cell(arms[i], sites[i]), new SubjectRow(times[i], events[i])
                {
                    Entry = i % 3 == 0 ? 1 : 0, Weight = i == 1 ? 2.5 : explicitOnes ? 1 : null, Id = $"p{i}",
                });
            }
            return builder.Build();
        }

        // Act
        var partly = CohortSurvival.Summarize(Table(explicitOnes: false), new SurvivalSummaryOptions());
        var ones = CohortSurvival.Summarize(Table(explicitOnes: true), new SurvivalSummaryOptions());

        // Assert
        Assert.Equal(ones.Length, partly.Length);
        for (var g = 0; g < ones.Length; g++)
        {
            var (expected, actual) = (ones[g].Summary.Curve, partly[g].Summary.Curve);
            Tolerance.Equal([.. expected.Survival.Select(v => (double?)v)], [.. actual.Survival.Select(v => (double?)v)], "surv", 1e-12);
            Tolerance.Equal([.. expected.WeightedAtRisk.Select(v => (double?)v)], [.. actual.WeightedAtRisk.Select(v => (double?)v)], "n.risk", 1e-12);
            Tolerance.Equal([.. expected.StdErrLogSurvival.Select(v => (double?)v)], [.. actual.StdErrLogSurvival.Select(v => (double?)v)], "se", 1e-12);
        }
    }
}
