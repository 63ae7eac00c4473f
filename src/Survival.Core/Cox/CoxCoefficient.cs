namespace Survival.Core.Cox;

/// <summary>One coefficient of a Cox model: a numeric term, or one non-reference level of a factor (the group factor's too).</summary>
/// <param name="Term">The term's name.</param>
/// <param name="Level">The factor level compared with the reference; empty for a numeric term.</param>
/// <param name="ReferenceLevel">The factor's reference level; empty for a numeric term.</param>
/// <param name="Estimate">Its coefficient, hazard ratio and Wald test; absent with a reason when not estimable.</param>
public sealed record CoxCoefficient(string Term, string Level, string ReferenceLevel, CoxCoefficientEstimate Estimate)
{
    /// <summary>R's coefficient name: the term, followed by the level for a factor.</summary>
    public string Name => Term + Level;
}
