using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// Interval-censored cohorts through a real channel: every form (subjects, columns, count rows, mixed with time/event
/// subjects) gives the same figures, equal to R's (tests/fixtures-interval), and the plot renders.
/// </summary>
[Collection(ServerCollection.Name)]
public class IntervalCohortTests(ServerFixture server)
{
    private static readonly IntervalReference Cosmesis = IntervalReference.Named("breast_cosmesis");

    private static Cohort Subjects(IntervalReference reference)
    {
        var cohort = new Cohort { TimeUnit = "months" };
        for (var i = 0; i < reference.Left.Length; i++)
        {
            var subject = new Subject { Group = reference.Groups[i], IntervalLeft = reference.Left[i] };
            if (double.IsFinite(reference.Right[i])) subject.IntervalRight = reference.Right[i];
            cohort.Subjects.Add(subject);
        }
        return cohort;
    }

    /// <summary>The same subjects, exact ones by time and event true and right-censored ones by time and event false.</summary>
    private static Cohort Mixed(IntervalReference reference)
    {
        var cohort = new Cohort { TimeUnit = "months" };
        for (var i = 0; i < reference.Left.Length; i++)
        {
            var (left, right) = (reference.Left[i], reference.Right[i]);
            cohort.Subjects.Add(left == right ? new Subject { Group = reference.Groups[i], Time = left, Event = true }
                : double.IsPositiveInfinity(right) ? new Subject { Group = reference.Groups[i], Time = left, Event = false }
                : new Subject { Group = reference.Groups[i], IntervalLeft = left, IntervalRight = right });
        }
        return cohort;
    }

    private static Cohort Columns(IntervalReference reference)
    {
        var labels = reference.GroupLabels;
        var columns = new SubjectColumns { GroupLabels = { labels } };
        columns.IntervalLeft.Add(reference.Left);
        columns.IntervalRight.Add(reference.Right);
        columns.Group.Add(reference.Groups.Select(g => (uint)Array.IndexOf(labels, g)));
        return new Cohort { Columns = columns, TimeUnit = "months" };
    }

    private static Cohort Counts(IntervalReference reference)
    {
        var cohort = new Cohort { TimeUnit = "months" };
        foreach (var row in Enumerable.Range(0, reference.Left.Length).GroupBy(i => (reference.Groups[i], reference.Left[i], reference.Right[i])))
        {
            var count = new CountRow { Group = row.Key.Item1, IntervalLeft = row.Key.Item2, Count = row.Count() };
            if (double.IsFinite(row.Key.Item3)) count.IntervalRight = row.Key.Item3;
            cohort.Counts.Add(count);
        }
        return cohort;
    }

    public static TheoryData<string> Forms() => ["subjects", "mixed", "columns", "counts"];

    private static Cohort Form(string form, IntervalReference reference) => form switch
    {
        "subjects" => Subjects(reference),
        "mixed" => Mixed(reference),
        "columns" => Columns(reference),
        _ => Counts(reference),
    };

    /// <summary>npsurv's masses (1e-8) and the rank tests' permutation and score forms (1e-7 relative) in every form of the data.</summary>
    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Every_form_gives_npsurv_and_the_rank_tests(string form)
    {
        // Arrange
        var request = new AnalyzeCohortRequest
        {
            Cohort = Form(form, Cosmesis),
            Options = new EstimateOptions { Interval = new IntervalEstimateOptions { BootstrapReplicates = 50 } },
        };

        // Act
        var response = await server.Client.AnalyzeCohortAsync(request);

        // Assert
        foreach (var group in response.Estimates.Groups)
        {
            var expected = Cosmesis.Root.GetProperty("npmle").GetProperty(group.Group);
            var mass = Json.Doubles(expected, "p");
            Assert.Equal(mass.Length, group.Interval.Intervals.Count);
            for (var k = 0; k < mass.Length; k++) Assert.Equal(mass[k]!.Value, group.Interval.Intervals[k].Mass, 1e-8);
            Assert.True(group.Interval.KuhnTuckerResidual < 1e-10);
            Assert.Empty(group.Curve);
        }
        var tests = response.Comparison.Interval.Tests;
        Assert.Equal(3, tests.Count);
        var sun = Cosmesis.Root.GetProperty("tests").GetProperty("logrank1");
        Assert.Equal(sun.GetProperty("permutation").GetProperty("chisq").GetDouble(), tests[0].Permutation.ChiSquare, 1e-6);
        Assert.Equal(sun.GetProperty("score").GetProperty("chisq").GetDouble(), tests[0].ScoreTest.ChiSquare, 1e-6);
        Assert.Equal(2, response.Comparison.Interval.Imputed.Count);
    }

    [Fact]
    public async Task Median_not_identified_says_so_and_gives_the_range()
    {
        // Arrange
        var cohort = new Cohort
        {
            Subjects =
            {
                new Subject { IntervalLeft = 1, IntervalRight = 2 },
                new Subject { IntervalLeft = 4, IntervalRight = 6 },
                new Subject { IntervalLeft = 8, IntervalRight = 9 },
            },
        };

        // Act
        var response = await server.Client.EstimateSurvivalAsync(new EstimateSurvivalRequest { Cohort = cohort });

        // Assert
        var median = response.Groups[0].Interval.Median;
        Assert.False(median.HasTime);
        Assert.Equal(4, median.RangeStart);
        Assert.Equal(6, median.RangeEnd);
        Assert.StartsWith("not identified", median.NotIdentifiedReason);
    }

    [Fact]
    public async Task Plot_renders_a_png()
    {
        // Arrange
        var request = new RenderSurvivalPlotRequest
        {
            Cohort = Subjects(Cosmesis),
            Options = new EstimateOptions { Interval = new IntervalEstimateOptions { BootstrapReplicates = 50 } },
            Plot = new PlotOptions { ShowPValue = true },
        };

        // Act
        var response = await server.Client.RenderSurvivalPlotAsync(request);

        // Assert
        Assert.Equal("image/png", response.ContentType);
        Assert.True(response.Image.Length > 1000);
    }
}
