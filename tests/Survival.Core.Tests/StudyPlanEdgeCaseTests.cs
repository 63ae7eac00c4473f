using MathNet.Numerics;
using Survival.Core.Counting;
using Survival.Core.Design;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// The planning formulas worked by hand and from their definitions: the closed-form integrals against quadrature of
/// the plain integrands, the textbook event counts, the seven patients as a reference, and every bad input.
/// </summary>
public sealed class StudyPlanEdgeCaseTests
{
    [Fact]
    public void Schoenfeld_events_for_halving_the_hazard_are_the_textbook_figure()
    {
        // D = 4 (z_0.025 + z_0.2)² / log(0.5)² = 65.3 (Schoenfeld 1981; Collett, Modelling Survival Data, §10.2).
        var z = 1.959963984540054 + 0.8416212335729143;
        var events = RequiredEvents.For(EventsFormula.Schoenfeld, 0.5, 1, new Significance(0.05, 2), 0.8);
        Assert.Equal(4 * z * z / Math.Pow(Math.Log(0.5), 2), events, 10);
        Assert.Equal(65.3, events, 1);
    }

    [Fact]
    public void Freedman_needs_more_events_than_Schoenfeld_and_Hsieh_Freedman_equals_Freedman_at_equal_allocation()
    {
        var s = RequiredEvents.For(EventsFormula.Schoenfeld, 0.7, 1, Significance.Default, 0.8);
        var f = RequiredEvents.For(EventsFormula.Freedman, 0.7, 1, Significance.Default, 0.8);
        var h = RequiredEvents.For(EventsFormula.HsiehFreedman, 0.7, 1, Significance.Default, 0.8);
        Assert.True(f > s);
        Assert.Equal(f, h, 9);
    }

    [Fact]
    public void Closed_form_event_probability_and_its_integral_equal_quadrature_of_the_plain_integrands()
    {
        var random = new Random(4);
        for (var trial = 0; trial < 20; trial++)
        {
            // Arrange: a random piecewise-exponential curve and dropout.
            var pieces = random.Next(1, 5);
            var starts = new double[pieces];
            for (var k = 1; k < pieces; k++) starts[k] = starts[k - 1] + 0.5 + random.NextDouble() * 8;
            var hazards = Enumerable.Range(0, pieces).Select(_ => 0.005 + random.NextDouble() * 0.2).ToArray();
            var curve = new PiecewiseExponential(starts, hazards);
            var dropout = random.NextDouble() < 0.5 ? 0 : random.NextDouble() * 0.05;
            double from = random.NextDouble() * 10, to = from + random.NextDouble() * 30;

            // P_e(x) = ∫₀ˣ λ(u) S(u) e^{−φu} du, by quadrature between the pieces' starts.
            double Hazard(double u) => hazards[Array.FindLastIndex(starts, s => s <= u)];
            double Plain(double x) => Quadrature(u => Hazard(u) * curve.Survival(u) * Math.Exp(-dropout * u), 0, x, starts);

            // Act / Assert
            Assert.Equal(Plain(to), curve.EventProbability(to, dropout), 12);
            Assert.Equal(Quadrature(x => curve.EventProbability(x, dropout), from, to, starts), curve.IntegratedEventProbability(from, to, dropout), 10);
        }
    }

    [Fact]
    public void One_arm_moments_equal_quadrature_of_Wu_definitions()
    {
        // Arrange: Wu's example, G = 1 on [0, t_f] and (τ − t)/t_a after.
        const double median = 9, shape = 1.22, delta = 1 / 1.75, ta = 5, tf = 3;
        var design = new OneArmDesign(median, delta, ta, tf) { Shape = shape };
        double Cumulative(double t) => Math.Log(2) * Math.Pow(t / median, shape);
        double Hazard(double t) => shape * Math.Log(2) * Math.Pow(t, shape - 1) / Math.Pow(median, shape);
        double G(double t) => t <= tf ? 1 : (ta + tf - t) / ta;
        double Moment(int j) => Quadrature(t => G(t) * Math.Exp(-delta * Cumulative(t)) * Math.Pow(Cumulative(t), j) * Hazard(t), 0, ta + tf, [0, tf]);

        // Act
        var plan = OneSampleLogRankPlan.SampleSize(design, 0.8);

        // Assert: the moments, and 88 patients as the paper.
        Assert.Equal(Moment(0), plan.P0, 8);
        Assert.Equal(Moment(1), plan.P00, 8);
        Assert.Equal(88, plan.PatientsRequired);
        Assert.True(plan.Power >= 0.8);
    }

    [Fact]
    public void Power_and_sample_size_invert_each_other()
    {
        var design = new TwoArmDesign(PiecewiseExponential.FromMedian(14), 0.6, AccrualPattern.Uniform(24));
        var plan = TwoArmLogRankPlan.SampleSize(design, 0.9, 12);

        var power = TwoArmLogRankPlan.Power(design, null, plan.Patients, 12);

        Assert.Equal(plan.Events, power.Events, 9);
        Assert.Equal(0.9, power.Power, 12);
        var oneArm = new OneArmDesign(14, 0.6, 24, 12);
        var n = OneSampleLogRankPlan.SampleSize(oneArm, 0.85).Patients;
        Assert.Equal(0.85, OneSampleLogRankPlan.Power(oneArm, n).Power, 12);
    }

    [Fact]
    public void The_seven_patients_give_their_median_of_14_months_or_the_exponential_fit_2_deaths_in_116_months()
    {
        // Arrange: the illustrative seven patients' OS (shared/examples), months.
        double[] times = [9, 51, 14, 8, 11, 13, 10];
        bool[] deaths = [true, false, true, false, false, false, false];
        var counts = CountingTable.FromSubjects(SurvivalData.Create(times, deaths));

        // Act
        var median = ReferenceCurve.Fit(counts, 0, ReferenceFitMethod.KaplanMeierMedian);
        var exponential = ReferenceCurve.Fit(counts, 0, ReferenceFitMethod.Exponential);
        var piecewise = ReferenceCurve.Fit(counts, 0, ReferenceFitMethod.PiecewiseExponential, [12]);

        // Assert
        Assert.Equal(14, median.KaplanMeierMedian);
        Assert.Equal(14, median.Curve.Median, 12);
        Assert.Equal(2.0 / 116, exponential.Curve.Hazards[0], 15);
        Assert.Equal(116, exponential.TimeAtRisk, 12);
        // Before 12 months: one death in 8 + 9 + 10 + 11 + 12·3 = 74 months; after: one in 1 + 2 + 39 = 42.
        Assert.Equal([1.0 / 74, 1.0 / 42], piecewise.Curve.Hazards.ToArray());
        Assert.Equal(2, piecewise.Events);
    }

    [Fact]
    public void A_reference_whose_curve_never_reaches_half_has_no_median_to_plan_with()
    {
        var counts = CountingTable.FromSubjects(SurvivalData.Create([5, 10, 20, 30], [true, false, false, false]));
        var error = Assert.Throws<InputRuleException>(() => ReferenceCurve.Fit(counts, 0, ReferenceFitMethod.KaplanMeierMedian));
        Assert.Contains("exponential", error.Requirement);
        Assert.Throws<InputRuleException>(() => ReferenceCurve.Fit(counts, 0, ReferenceFitMethod.PiecewiseExponential, [8]));
    }

    public static TheoryData<string, Action> BadInputs => new()
    {
        { "hazard_ratio", () => _ = new TwoArmDesign(PiecewiseExponential.FromMedian(12), 1, AccrualPattern.Uniform(12)) },
        { "hazard_ratio", () => _ = new OneArmDesign(12, 1, 12, 6) },
        { "hazard_ratio", () => _ = new TwoArmDesign(PiecewiseExponential.FromMedian(12), 0, AccrualPattern.Uniform(12)) },
        { "alpha", () => _ = new Significance(0, 1) },
        { "alpha", () => _ = new Significance(1, 2) },
        { "sided", () => _ = new Significance(0.05, 3) },
        { "power", () => TwoArmLogRankPlan.SampleSize(new TwoArmDesign(PiecewiseExponential.FromMedian(12), 0.7, AccrualPattern.Uniform(12)), 1, 6) },
        { "power", () => OneSampleLogRankPlan.SampleSize(new OneArmDesign(12, 0.7, 12, 6), 0) },
        { "accrual_ends", () => _ = AccrualPattern.Uniform(0) },
        { "accrual_ends", () => _ = new AccrualPattern([6, 6]) },
        { "accrual_ends", () => _ = new OneArmDesign(12, 0.7, -1, 6) },
        { "accrual_intensities", () => _ = new AccrualPattern([6, 12], [1]) },
        { "follow_up", () => TwoArmLogRankPlan.SampleSize(new TwoArmDesign(PiecewiseExponential.FromMedian(12), 0.7, AccrualPattern.Uniform(12)), 0.8, -1) },
        { "allocation_ratio", () => _ = new TwoArmDesign(PiecewiseExponential.FromMedian(12), 0.7, AccrualPattern.Uniform(12)) { AllocationRatio = 0 } },
        { "dropout_control", () => Dropout.FromRates(0, 1, 12) },
        { "median", () => PiecewiseExponential.FromMedian(0) },
        { "starts", () => _ = new PiecewiseExponential([1], [0.1]) },
        { "hazards", () => _ = new PiecewiseExponential([0, 6], [0.1, 0]) },
        { "shape", () => _ = new OneArmDesign(12, 0.7, 12, 6) { Shape = 0 } },
        // With 30% dropout a year and a long median, 100 patients never give 90 events.
        { "patients", () => TwoArmLogRankPlan.FollowUpFor(new TwoArmDesign(PiecewiseExponential.FromMedian(60), 0.5, AccrualPattern.Uniform(12)) { Dropout = Dropout.FromRates(0.3, 0.3, 12) }, 0.99, 100) },
        { "events", () => TwoArmLogRankPlan.Power(new TwoArmDesign(PiecewiseExponential.FromMedian(12), 0.7, AccrualPattern.Uniform(12)), null, null, null) },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_names_its_field(string field, Action act)
    {
        var error = Assert.Throws<InputRuleException>(act);
        Assert.Equal(field, error.Input);
    }

    /// <summary>Gauss–Legendre quadrature between consecutive breakpoints, where the integrands are smooth.</summary>
    private static double Quadrature(Func<double, double> f, double from, double to, IReadOnlyList<double> breaks)
    {
        var cuts = breaks.Where(b => b > from && b < to).Prepend(from).Append(to).ToArray();
        var total = 0.0;
        for (var i = 0; i + 1 < cuts.Length; i++) total += Integrate.GaussLegendre(f, cuts[i], cuts[i + 1], 128);
        return total;
    }
}
