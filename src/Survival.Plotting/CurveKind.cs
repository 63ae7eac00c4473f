namespace Survival.Plotting;

/// <summary>What each group's curve shows on the y axis.</summary>
public enum CurveKind
{
    /// <summary>The Kaplan–Meier survival probability S(t), starting at 1.</summary>
    Survival,

    /// <summary>The cumulative incidence 1 − S(t), starting at 0; its band is 1 minus the survival band.</summary>
    CumulativeIncidence,

    /// <summary>The Nelson–Aalen cumulative hazard H(t), starting at 0; drawn without a band (none is estimated for it).</summary>
    CumulativeHazard,
}
