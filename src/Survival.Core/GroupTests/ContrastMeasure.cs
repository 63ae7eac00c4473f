namespace Survival.Core.GroupTests;

/// <summary>What a contrast between a group and the reference group measures.</summary>
public enum ContrastMeasure
{
    /// <summary>RMST(τ) of the group minus that of the reference.</summary>
    RmstDifference,

    /// <summary>RMST(τ) of the group over that of the reference.</summary>
    RmstRatio,

    /// <summary>S(t) of the group minus that of the reference, at a landmark t.</summary>
    SurvivalDifference,
}
