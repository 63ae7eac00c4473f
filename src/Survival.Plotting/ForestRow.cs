namespace Survival.Plotting;

/// <summary>One row of a forest plot: a coefficient's hazard ratio, or a factor's reference level.</summary>
/// <param name="Label">The row's name, for example "celltype: large vs adeno".</param>
/// <param name="HazardRatio">exp(β); null for a reference row or a coefficient that is not estimable.</param>
/// <param name="Lower">The interval's lower end.</param>
/// <param name="Upper">The interval's upper end.</param>
/// <param name="PValue">The Wald p-value.</param>
/// <param name="Note">Printed instead of the estimate when there is none (for example "reference").</param>
public sealed record ForestRow(string Label, double? HazardRatio, double? Lower, double? Upper, double? PValue, string? Note)
{
    /// <summary>A pooled estimate, drawn as a diamond across its interval instead of a square.</summary>
    public bool IsSummary { get; init; }

    /// <summary>The row's weight in the pooled estimate, in percent: sizes its square and is printed; null for none.</summary>
    public double? WeightPercent { get; init; }

    /// <summary>A prediction interval drawn as a thin line through a summary's diamond; null for none.</summary>
    public (double Lower, double Upper)? Prediction { get; init; }

    /// <summary>Printed after the estimate (for example "τ² = 0.02, I² = 35%"); null for nothing.</summary>
    public string? Detail { get; init; }
}

/// <summary>The forest plot's column headers and axis label.</summary>
/// <param name="Label">Above the rows' labels.</param>
/// <param name="Estimate">Above the printed estimates; {0} is replaced by the confidence level in percent.</param>
/// <param name="Axis">Under the axis.</param>
public sealed record ForestHeaders(string Label = "Term", string Estimate = "HR ({0}% CI), p-value", string Axis = "Hazard ratio (log scale)")
{
    /// <summary>The headers of a Cox model's forest plot.</summary>
    public static ForestHeaders Cox { get; } = new();
}
