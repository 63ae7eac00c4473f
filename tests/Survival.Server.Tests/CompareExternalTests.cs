using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>CompareExternal through a real channel: the one-sample tests equal R's closed forms, and a rebuilt control is a second group.</summary>
[Collection(ServerCollection.Name)]
public class CompareExternalTests(ServerFixture server)
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var (set, index) in OneSampleReferenceSet.AllCases()) data.Add(set, index);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task One_sample_tests_equal_the_closed_forms(string name, int index)
    {
        // Arrange: R's closed forms (tools/reference/generate-one-sample-reference.R), 1e-10 relative.
        var set = OneSampleReferenceSet.Named(name);
        var expected = set.Cases[index];
        var request = new CompareExternalRequest
        {
            Cohort = LiteratureRequests.Cohort(set),
            Reference = LiteratureRequests.Reference(expected.GetProperty("reference")),
            ConfLevel = set.ConfLevel,
            Variance = OneSampleVariance.MeanOfObservedAndExpected,
        };

        // Act
        var test = (await server.Client.CompareExternalAsync(request)).Tests.Single();

        // Assert
        Assert.Equal(expected.GetProperty("observed").GetInt64(), test.Observed);
        Tolerance.Equal(expected.GetProperty("expected").GetDouble(), test.Expected, "E", 1e-10);
        Tolerance.Equal(Json.Double(expected.GetProperty("upper")), test.HasUpper ? test.Upper : null, "upper", 1e-10);
        Tolerance.Equal(Json.Double(expected.GetProperty("exact_p")), test.HasExactPValue ? test.ExactPValue : null, "exact p", 1e-10);
        var wu = expected.GetProperty("mean_variance");
        Tolerance.Equal(Json.Double(wu.GetProperty("z")), test.HasZ ? test.Z : null, "z", 1e-10);
        Tolerance.Equal(Json.Double(wu.GetProperty("p")), test.HasPValue ? test.PValue : null, "p", 1e-10);
        Assert.Equal(OneSampleVariance.MeanOfObservedAndExpected, test.Variance);
    }

    [Fact]
    public async Task A_median_reference_reports_its_median_and_each_group_is_tested()
    {
        // Arrange: the seven patients' OS and PFS as two groups against an exponential curve with a median of 10 months.
        var request = new CompareExternalRequest
        {
            Cohort = new Cohort { TimeUnit = "months" },
            Reference = new ReferenceCurve { Exponential = new ExponentialReference { Median = 10 } },
        };
        foreach (var (name, group) in new[] { ("seven_patient_os", "OS"), ("seven_patient_pfs", "PFS") })
        {
            var set = OneSampleReferenceSet.Named(name);
            request.Cohort.Subjects.Add(set.Times.Select((t, i) => new Subject { Time = t, Event = set.Events[i], Group = group }));
        }

        // Act
        var response = await server.Client.CompareExternalAsync(request);

        // Assert
        Assert.Equal(10, response.ReferenceMedian, 9);
        Assert.Equal(["OS", "PFS"], response.Tests.Select(t => t.Group));
        Assert.Equal(2, response.Tests[0].Observed);
        Assert.Null(response.Comparison);
    }

    [Fact]
    public async Task A_rebuilt_control_is_the_reference_group_of_a_two_sample_comparison()
    {
        // Arrange: the test arm of veteran against its control arm rebuilt from the digitised figure.
        var set = RoundTripSet.Named("veteran");
        var rebuilt = await server.Client.ReconstructCohortAsync(new ReconstructCohortRequest
        {
            Arms = { LiteratureRequests.Arm(set.Arms[0], PublishedInformation.AtRiskAndEvents) },
        });
        var cohort = new Cohort();
        foreach (var subject in rebuilt.Cohort.Subjects) cohort.Subjects.Add(new Subject(subject) { Group = "" });
        var test = LiteratureRequests.Cohort(OneSampleReferenceSet.Named("veteran_test_arm"));
        var request = new CompareExternalRequest
        {
            Cohort = test,
            Reference = new ReferenceCurve { Label = "Standard (rebuilt)", Cohort = cohort },
            RmstTau = 12,
            Plot = new PlotOptions { ShowPValue = true, ShowHazardRatio = true },
        };

        // Act
        var response = await server.Client.CompareExternalAsync(request);

        // Assert: the comparison's groups are the cohort (unnamed) and the reference, the reference being the reference group.
        Assert.Equal(["", "Standard (rebuilt)"], response.Comparison.Groups);
        Assert.Equal("Standard (rebuilt)", response.Comparison.Cox.ReferenceGroup);
        Assert.Single(response.Comparison.Contrasts, c => c.Measure == ContrastMeasure.RmstDifference);
        var curve = Survival.Core.Curves.KaplanMeier.Estimate(Survival.Core.Counting.SurvivalData.Create(
            [.. rebuilt.Cohort.Subjects.Select(s => s.Time)], [.. rebuilt.Cohort.Subjects.Select(s => s.Event)]));
        var end = Survival.Core.External.PiecewiseExponentialReference.FromCurve(curve).Times[^1];
        Assert.Equal(test.Subjects.Count(s => s.Time > end), response.Tests[0].BeyondReference);
        Assert.True(response.Plot.Image.Length > 1000);
    }

    public static TheoryData<string, Action<CompareExternalRequest>> BadInputs() => new()
    {
        { "reference", r => r.Reference = null },
        { "reference.exponential", r => r.Reference.Exponential = new ExponentialReference { Median = 10, Rate = 0.1 } },
        { "reference.exponential.median", r => r.Reference.Exponential = new ExponentialReference { Median = -3 } },
        { "reference.weibull.shape", r => r.Reference.Weibull = new WeibullReference { Shape = 0, Scale = 3 } },
        { "reference.log_normal.sdlog", r => r.Reference.LogNormal = new LogNormalReference { Meanlog = 1, Sdlog = -1 } },
        { "reference.gompertz.rate", r => r.Reference.Gompertz = new GompertzReference { Shape = 0.1 } },
        { "reference.points.points[1].survival", r => Points(r, (1, 0.5), (2, 0.7)) },
        { "reference.points.points[1].time", r => Points(r, (2, 0.5), (1, 0.4)) },
        { "reference.points.points[0].survival", r => Points(r, (1, 1.2)) },
        { "reference.points.points", r => Points(r) },
        { "reference.cohort", r => r.Reference.Cohort = new Cohort { Subjects = { new Subject { Time = 1, Event = true, Group = "a" }, new Subject { Time = 2, Group = "b" } } } },
        { "reference.cohort.subjects[0].time", r => r.Reference.Cohort = new Cohort { Subjects = { new Subject { Time = -1 } } } },
        { "cohort.subjects[0].time", r => r.Cohort.Subjects[0].Time = double.NaN },
        { "cohort.subjects", r => r.Cohort.Subjects[0].Weight = 0.5 },
        { "variance", r => r.Variance = (OneSampleVariance)5 },
        { "conf_level", r => r.ConfLevel = 2 },
        { "rmst_tau", r => r.RmstTau = 12 },
        { "plot.show_p_value", r => r.Plot = new PlotOptions { ShowPValue = true } },
        { "reference.label", r => r.Reference.Label = new string('r', 5000) },
    };

    [Fact]
    public async Task A_reference_that_expects_astronomically_many_events_has_no_exact_p_value()
    {
        // Arrange: a fuzzer's finding: a Weibull shape of 51 makes E about 10³², past the counts a double holds exactly.
        var request = new CompareExternalRequest
        {
            Cohort = LiteratureRequests.Cohort(OneSampleReferenceSet.Named("seven_patient_os")),
            Reference = new ReferenceCurve { Weibull = new WeibullReference { Shape = 51, Scale = 12 } },
        };

        // Act
        var test = (await server.Client.CompareExternalAsync(request)).Tests.Single();

        // Assert
        Assert.True(test.Expected > 1e30);
        Assert.False(test.HasExactPValue);
        Assert.True(test.HasPValue);
    }

    private static void Points(CompareExternalRequest request, params (double Time, double Survival)[] points)
    {
        request.Reference.Points = new ReferencePoints();
        request.Reference.Points.Points.Add(points.Select(p => new DigitizedPoint { Time = p.Time, Survival = p.Survival }));
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string field, Action<CompareExternalRequest> spoil)
    {
        // Arrange
        var request = new CompareExternalRequest
        {
            Cohort = LiteratureRequests.Cohort(OneSampleReferenceSet.Named("seven_patient_os")),
            Reference = new ReferenceCurve { Exponential = new ExponentialReference { Median = 10 } },
        };
        spoil(request);

        // Act and assert
        await BadRequestAssert.FieldViolationAsync(async () => await server.Client.CompareExternalAsync(request), field);
    }
}

/// <summary>
/// The comparisons a user makes with a rebuilt arm, against R on the very same subjects: the patients rebuilt from the
/// example published curve (tests/fixtures-literature/rebuilt, tools/reference/generate-rebuilt-comparison.R) beside
/// the seven illustrative patients' overall survival. Tolerance 1e-9 relative.
/// </summary>
[Collection(ServerCollection.Name)]
public class RebuiltComparisonTests(ServerFixture server)
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "fixtures-literature", "rebuilt");

    private static Cohort Rebuilt()
    {
        var cohort = new Cohort();
        foreach (var line in File.ReadAllLines(Path.Combine(Directory, "published_lung_rebuilt.csv")).Skip(1))
        {
            var cells = line.Split(',');
            cohort.Subjects.Add(new Subject { Time = double.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture), Event = cells[1] == "1" });
        }
        return cohort;
    }

    [Fact]
    public async Task The_one_sample_test_and_the_two_sample_comparison_equal_R_on_the_rebuilt_subjects()
    {
        // Arrange
        using var fixture = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "seven_patient_vs_published_lung.json")));
        var r = fixture.RootElement;
        var request = new CompareExternalRequest
        {
            Cohort = LiteratureRequests.Cohort(OneSampleReferenceSet.Named("seven_patient_os")),
            Reference = new ReferenceCurve { Label = "Published curve", Cohort = Rebuilt() },
            RmstTau = 24,
        };
        foreach (var subject in request.Cohort.Subjects) subject.Group = "Cohort";

        // Act
        var response = await server.Client.CompareExternalAsync(request);

        // Assert
        var test = response.Tests.Single();
        var oneSample = r.GetProperty("one_sample");
        Tolerance.Equal(oneSample.GetProperty("expected").GetDouble(), test.Expected, "E");
        Tolerance.Equal(oneSample.GetProperty("upper").GetDouble(), test.Upper, "O/E upper");
        Tolerance.Equal(oneSample.GetProperty("p").GetDouble(), test.PValue, "one-sample p");
        Tolerance.Equal(oneSample.GetProperty("exact_p").GetDouble(), test.ExactPValue, "exact p");
        Tolerance.Equal(oneSample.GetProperty("median").GetDouble(), response.ReferenceMedian, "reference median", 1e-9);
        var comparison = response.Comparison;
        Tolerance.Equal(r.GetProperty("logrank").GetProperty("chisq").GetDouble(), comparison.Tests[0].ChiSquare, "survdiff chi-square");
        Tolerance.Equal(r.GetProperty("cox").GetProperty("coef").GetDouble(), comparison.Cox.Terms[0].Coefficient, "coxph coef");
        Tolerance.Equal(r.GetProperty("cox").GetProperty("se").GetDouble(), comparison.Cox.Terms[0].StdError, "coxph se");
        var rmst = comparison.Contrasts.Single(c => c.Measure == ContrastMeasure.RmstDifference);
        Tolerance.Equal(r.GetProperty("rmst").GetProperty("difference").GetDouble(), rmst.Estimate, "RMST difference");
        Tolerance.Equal(r.GetProperty("rmst").GetProperty("se").GetDouble(), rmst.StdError, "RMST difference se");
    }
}
