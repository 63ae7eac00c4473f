namespace Survival.Core.Reconstruction;

/// <summary>One point read off a published Kaplan–Meier figure.</summary>
/// <param name="Time">Where the point lies on the time axis; finite and ≥ 0.</param>
/// <param name="Survival">Where it lies on the survival axis, as a proportion in [0, 1].</param>
public readonly record struct DigitizedPoint(double Time, double Survival);

/// <summary>One column of a published table of numbers at risk.</summary>
/// <param name="Time">The time of the column; finite and ≥ 0.</param>
/// <param name="AtRisk">The number of patients still at risk then; ≥ 0.</param>
public readonly record struct AtRiskCount(double Time, int AtRisk);
