using Survival.Core.Counting;

namespace Survival.Core.Cox;

/// <summary>Breslow's approximation: each of the d tied events is a draw from the whole risk set.</summary>
/// <remarks>
/// Breslow (1974). An event time contributes Σ_events η − d·log Σ_{i ∈ R} exp(η_i), where R is everyone at risk,
/// the tied events included; R's <c>coxph(ties = "breslow")</c>. With case weights the log term is taken Σ_D w times.
/// </remarks>
internal sealed class BreslowTies : ICoxTies
{
    public static BreslowTies Instance { get; } = new();

    public void AddEventTime(ReadOnlySpan<double> atRisk, ReadOnlySpan<double> deaths, int events, GroupRisk risk, PartialLikelihood into)
    {
        var weights = risk.Weights;
        var multiplicity = 0.0;
        for (var g = 0; g < weights.Length; g++)
        {
            weights[g] = atRisk[g] * risk.Risk[g];
            multiplicity += deaths[g];
        }
        into.SubtractRiskSet(weights, risk.CovariateOf, multiplicity);
    }
}
