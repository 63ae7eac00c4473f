namespace Survival.Core.Design;

/// <summary>The events, patients, timing and power of a two-arm design.</summary>
public sealed record TwoArmPlanResult
{
    /// <summary>D: the events at the analysis (unrounded, as rpact reports them).</summary>
    public required double Events { get; init; }

    /// <summary>N: the patients (unrounded).</summary>
    public required double Patients { get; init; }

    /// <summary>N r / (1 + r).</summary>
    public required double PatientsTreatment { get; init; }

    /// <summary>N / (1 + r).</summary>
    public required double PatientsControl { get; init; }

    /// <summary>The probability that a patient's event is observed by the analysis (rpact's <c>omega</c>), both arms.</summary>
    public required double EventProbability { get; init; }

    /// <summary>ω of the treatment arm.</summary>
    public required double EventProbabilityTreatment { get; init; }

    /// <summary>ω of the control arm.</summary>
    public required double EventProbabilityControl { get; init; }

    /// <summary>The power of the design's test at D events.</summary>
    public required double Power { get; init; }

    /// <summary>The calendar time of the analysis, from the first patient's entry.</summary>
    public required double AnalysisTime { get; init; }

    /// <summary>Analysis time minus the accrual period: the shortest follow-up of a patient (negative: before accrual ends).</summary>
    public double FollowUp => AnalysisTime - AccrualPeriod;

    /// <summary>A: when the last patient enters.</summary>
    public required double AccrualPeriod { get; init; }

    /// <summary>Patients entered by the analysis (N unless it comes before accrual ends).</summary>
    public required double PatientsAtAnalysis { get; init; }

    /// <summary>D rounded up.</summary>
    public long EventsRequired => RoundUp(Events);

    /// <summary>Each arm rounded up.</summary>
    public long PatientsTreatmentRequired => RoundUp(PatientsTreatment);

    /// <summary>The control arm rounded up.</summary>
    public long PatientsControlRequired => RoundUp(PatientsControl);

    /// <summary>The whole patients of both arms.</summary>
    public long PatientsRequired => PatientsTreatmentRequired + PatientsControlRequired;

    /// <summary>Up to the next whole number, not counting a rounding error of the last bits as a patient more.</summary>
    private static long RoundUp(double value) => (long)Math.Ceiling(value - 1e-9 * Math.Max(1, value));
}
