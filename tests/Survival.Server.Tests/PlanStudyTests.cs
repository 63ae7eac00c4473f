using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>
/// PlanStudy through a real channel: rpact's and Wu's figures (tools/reference/generate-design-reference.R), the
/// seven patients as the reference, the HTTP route, and every bad field named.
/// </summary>
[Collection(ServerCollection.Name)]
public class PlanStudyTests(ServerFixture server)
{
    public static TheoryData<string, string> SampleSizes => DesignCase.Names("rpact-sample-size");

    public static TheoryData<string, string> Powers => DesignCase.Names("rpact-power");

    public static TheoryData<string, string> OneArm => DesignCase.Names("wu-one-sample");

    private static Cohort SevenPatientsOs() => Cohorts.Of((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false));

    [Theory]
    [MemberData(nameof(SampleSizes))]
    public async Task Sample_size_equals_rpact(string file, string name)
    {
        // Arrange: the case as a request (rpact's getSampleSizeSurvival, 1e-6 relative for its integrated patients).
        var c = DesignCase.Load(file, name);

        // Act
        var response = await server.Client.PlanStudyAsync(new PlanStudyRequest { Plan = TwoArms(c.Input, PlanTarget.SampleSize) });

        // Assert
        var plan = response.TwoArms;
        var relative = Math.Max(1e-6, 2 * Math.Abs(c.Value("omega") / c.Value("omega_precise") - 1));
        Tolerance.Equal(c.Value("events"), plan.Events, $"{name} events");
        Tolerance.Equal(c.Value("patients"), plan.Patients, $"{name} patients", relative);
        Assert.Equal((long)Math.Ceiling(c.Value("events")), plan.EventsRequired);
        Assert.Contains("getSampleSizeSurvival", response.RCode);
    }

    [Theory]
    [MemberData(nameof(Powers))]
    public async Task Power_equals_rpact(string file, string name)
    {
        var c = DesignCase.Load(file, name);

        var response = await server.Client.PlanStudyAsync(new PlanStudyRequest { Plan = TwoArms(c.Input, PlanTarget.Power) });

        Tolerance.Equal(c.Value("power"), response.TwoArms.Power, $"{name} power");
        Assert.True(Math.Abs(c.Value("analysis_time") - response.TwoArms.AnalysisTime) <= 1e-6, name);
    }

    [Theory]
    [MemberData(nameof(OneArm))]
    public async Task One_arm_equals_Wu_closed_form(string file, string name)
    {
        var c = DesignCase.Load(file, name);
        var i = c.Input;
        var plan = new StudyPlan
        {
            Design = PlanDesign.OneArm,
            Alpha = i.Alpha,
            Power = i.Power,
            Control = new ControlSurvival { Median = i.Median!.Value, Shape = i.Shape },
            HazardRatio = i.HazardRatio!.Value,
            AccrualEnds = { i.Accrual!.Value },
            FollowUp = i.FollowUp!.Value,
        };

        var response = await server.Client.PlanStudyAsync(new PlanStudyRequest { Plan = plan });

        Tolerance.Equal(c.Value("n"), response.OneArm.Patients, $"{name} n", 1e-10);
        Assert.Equal((long)c.Value("n_required"), response.OneArm.PatientsRequired);
        Tolerance.Equal(c.Value("power_at_n_required"), response.OneArm.Power, $"{name} power", 1e-10);
    }

    [Fact]
    public async Task The_seven_patients_median_of_14_months_is_the_control()
    {
        // Arrange: their Kaplan–Meier median OS (14 months) as the control, a treatment median of 21 months.
        var request = new PlanStudyRequest
        {
            Plan = new StudyPlan
            {
                Control = new ControlSurvival { CohortFit = ReferenceFit.KaplanMeierMedian },
                TreatmentMedian = 21, Alpha = 0.05, Sided = 2, AccrualEnds = { 24 }, FollowUp = 12, TimeUnit = "months",
            },
            ReferenceCohort = SevenPatientsOs(),
        };

        // Act
        var response = await server.Client.PlanStudyAsync(request);

        // Assert: as rpact's getSampleSizeSurvival(median1 = 21, median2 = 14, ...) (the fixture case of the same name).
        var expected = DesignCase.Load("rpact-sample-size", "seven_patients_median_14");
        Assert.Equal(14, response.Reference.KaplanMeierMedian);
        Assert.Equal(7, response.Reference.Subjects);
        Assert.Equal(2, response.Reference.Events);
        Tolerance.Equal(expected.Value("events"), response.TwoArms.Events, "events");
        Tolerance.Equal(expected.Value("patients"), response.TwoArms.Patients, "patients", 1e-6);
        Assert.Contains("median1 = 21, median2 = 14", response.RCode);
    }

    [Fact]
    public async Task The_route_answers_json()
    {
        using var http = server.CreateHttpClient();
        var body = new { plan = new { control = new { median = 14 }, hazardRatio = 0.6, accrualEnds = new[] { 24.0 }, followUp = 12 } };

        var response = await http.PostAsJsonAsync("/v1/survival:plan", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        // 4 (z_0.025 + z_0.2)² / log(0.6)² = 120.2 events, rounded up.
        Assert.Equal("121", json.RootElement.GetProperty("twoArms").GetProperty("eventsRequired").ToString());
    }

    public static TheoryData<string, Action<StudyPlan>> BadPlans => new()
    {
        { "plan.hazard_ratio", p => p.HazardRatio = 1 },
        { "plan.alpha", p => p.Alpha = 0 },
        { "plan.alpha", p => p.Alpha = 1.5 },
        { "plan.power", p => p.Power = 1 },
        { "plan.accrual_ends[0]", p => p.AccrualEnds[0] = 0 },
        { "plan.accrual_ends[0]", p => p.AccrualEnds[0] = -3 },
        { "plan.sided", p => p.Sided = 3 },
        { "plan.follow_up", p => p.FollowUp = -1 },
        { "plan.dropout_control", p => p.DropoutControl = 1 },
        { "plan.control", p => p.Control = null },
        { "plan.treatment_median", p => { p.ClearHazardRatio(); p.TreatmentMedian = 14; } },
        { "reference_cohort", p => p.Control = new ControlSurvival { CohortFit = ReferenceFit.Exponential } },
        { "plan.control.piecewise", p => { p.Design = PlanDesign.OneArm; p.Control = new ControlSurvival { Piecewise = new PiecewiseHazards { Starts = { 0 }, Hazards = { 0.05 } } }; } },
    };

    [Theory]
    [MemberData(nameof(BadPlans))]
    public async Task Bad_plans_are_invalid_argument_naming_the_field(string field, Action<StudyPlan> spoil)
    {
        var plan = new StudyPlan { Control = new ControlSurvival { Median = 14 }, HazardRatio = 0.6, AccrualEnds = { 24 }, FollowUp = 12 };
        spoil(plan);

        await BadRequestAssert.FieldViolationAsync(() => server.Client.PlanStudyAsync(new PlanStudyRequest { Plan = plan }).ResponseAsync, field);
    }

    [Fact]
    public async Task Too_few_patients_for_the_events_is_invalid_argument()
    {
        var plan = new StudyPlan { Control = new ControlSurvival { Median = 14 }, HazardRatio = 0.6, AccrualEnds = { 24 }, Patients = 50 };

        await BadRequestAssert.FieldViolationAsync(() => server.Client.PlanStudyAsync(new PlanStudyRequest { Plan = plan }).ResponseAsync, "plan.patients");
    }

    private static StudyPlan TwoArms(DesignInput i, PlanTarget target)
    {
        var plan = new StudyPlan
        {
            Target = target,
            Alpha = i.Alpha,
            Sided = i.Sided,
            Power = i.Power,
            Formula = i.Formula switch { "freedman" => EventsFormula.Freedman, "hsieh_freedman" => EventsFormula.HsiehFreedman, _ => EventsFormula.Schoenfeld },
            AllocationRatio = i.Allocation,
            AccrualEnds = { i.AccrualEnds },
            AccrualIntensities = { i.AccrualEnds.Length > 1 ? i.AccrualIntensities : [] },
            DropoutTreatment = i.DropoutTreatment,
            DropoutControl = i.DropoutControl,
            DropoutTime = i.DropoutTime,
            Control = i.ControlHazards is { } hazards
                ? new ControlSurvival { Piecewise = new PiecewiseHazards { Starts = { i.PieceStarts }, Hazards = { hazards } } }
                : i.MedianControl is { } median ? new ControlSurvival { Median = median }
                : new ControlSurvival { SurvivalAt = new SurvivalAtTime { Time = i.EventTime, Survival = 1 - i.EventProbabilityControl!.Value } },
        };
        if (i.MedianTreatment is { } treatment && i.MedianControl is not null) plan.TreatmentMedian = treatment;
        else plan.HazardRatio = i.ImpliedHazardRatio;
        if (i.FollowUp is { } followUp) plan.FollowUp = followUp;
        if (i.Events is { } events) plan.Events = events;
        if (i.Patients is { } patients) plan.Patients = patients;
        return plan;
    }
}
