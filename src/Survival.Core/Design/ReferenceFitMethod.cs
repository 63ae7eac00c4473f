namespace Survival.Core.Design;

/// <summary>How a cohort's curve becomes the reference curve of a plan.</summary>
public enum ReferenceFitMethod
{
    /// <summary>The exponential curve with the Kaplan–Meier median: "the seven patients' median OS of 14 months".</summary>
    KaplanMeierMedian,

    /// <summary>The exponential maximum-likelihood fit: λ = events / time at risk.</summary>
    Exponential,

    /// <summary>The piecewise-exponential maximum-likelihood fit on given cut points: λ_k = events_k / time at risk_k.</summary>
    PiecewiseExponential,
}
