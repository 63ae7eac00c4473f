namespace Survival.Core;

/// <summary>Efron's approximation: the tied events leave the risk set gradually, on average.</summary>
/// <remarks>
/// Efron (1977). With D the set of d tied events and R everyone at risk, an event time contributes
/// <code>
/// Σ_{i ∈ D} η_i − Σ_{r=0}^{d−1} log( Σ_{i ∈ R} exp(η_i) − (r/d) Σ_{i ∈ D} exp(η_i) )
/// </code>
/// which equals Breslow's term when d = 1; R's <c>coxph(ties = "efron")</c>, its default.
/// </remarks>
internal sealed class EfronTies : ICoxTies
{
    public static EfronTies Instance { get; } = new();

    public void AddEventTime(ReadOnlySpan<int> atRisk, ReadOnlySpan<int> deaths, int events, GroupRisk risk, PartialLikelihood into)
    {
        var weights = risk.Weights;
        for (var r = 0; r < events; r++)
        {
            // The tied events count with a fraction (d − r)/d of their risk in the r-th term.
            var fraction = (double)(events - r) / events;
            for (var g = 0; g < weights.Length; g++) weights[g] = (atRisk[g] - deaths[g] * (1 - fraction)) * risk.Risk[g];
            into.SubtractRiskSet(weights, risk.CovariateOf, 1);
        }
    }
}
