namespace Survival.Core.Design;

/// <summary>How the number of events of a two-arm log-rank comparison follows from α, the power and the hazard ratio.</summary>
public enum EventsFormula
{
    /// <summary>Schoenfeld (1981): the log-rank statistic's drift on the log hazard ratio (rpact's default).</summary>
    Schoenfeld,

    /// <summary>Freedman (1982): the drift from the expected share of events in each arm.</summary>
    Freedman,

    /// <summary>Hsieh (1992) after Freedman: Freedman's formula for unequal allocation.</summary>
    HsiehFreedman,
}
