namespace Survival.Plotting;

/// <summary>One row of a forest plot: a coefficient's hazard ratio, or a factor's reference level.</summary>
/// <param name="Label">The row's name, for example "celltype: large vs adeno".</param>
/// <param name="HazardRatio">exp(β); null for a reference row or a coefficient that is not estimable.</param>
/// <param name="Lower">The interval's lower end.</param>
/// <param name="Upper">The interval's upper end.</param>
/// <param name="PValue">The Wald p-value.</param>
/// <param name="Note">Printed instead of the estimate when there is none (for example "reference").</param>
public sealed record ForestRow(string Label, double? HazardRatio, double? Lower, double? Upper, double? PValue, string? Note);
