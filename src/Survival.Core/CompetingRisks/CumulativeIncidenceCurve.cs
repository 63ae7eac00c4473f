using System.Collections.Immutable;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.CompetingRisks;

/// <summary>
/// The Aalen–Johansen estimate for one group with competing causes: one row per distinct observed time, event or
/// censoring, as R's <c>survfit(Surv(time, factor(status)) ~ 1)</c>.
/// </summary>
/// <param name="Times">Distinct observed times, increasing.</param>
/// <param name="AtRisk">Subjects at risk at the row's time (R's <c>n.risk</c> of the initial state).</param>
/// <param name="Survival">
/// The all-cause survival S(t) = 1 − Σ_c F_c(t), the Kaplan–Meier estimate of the time to any event, with its
/// infinitesimal-jackknife standard error and interval (R's state <c>(s0)</c>).
/// </param>
/// <param name="Causes">The cumulative incidence of each cause 1..K, in cause order.</param>
/// <param name="Type">The transformation of the pointwise intervals.</param>
/// <param name="Level">The confidence level of the intervals.</param>
public sealed record CumulativeIncidenceCurve(
    ImmutableArray<double> Times,
    ImmutableArray<int> AtRisk,
    StateProbability Survival,
    ImmutableArray<StateProbability> Causes,
    ConfidenceType Type,
    ConfidenceLevel Level)
{
    /// <summary>Number of causes K.</summary>
    public int CauseCount => Causes.Length;
}

/// <summary>The probability of one state over time, with its standard error and pointwise interval at each row.</summary>
/// <param name="Probability">The estimate at each row (R's <c>pstate</c> column).</param>
/// <param name="StdError">Its infinitesimal-jackknife standard error (R's <c>std.err</c> column).</param>
/// <param name="Lower">Lower bound per row; null where not estimable (R's NA, for example where the probability is 0).</param>
/// <param name="Upper">Upper bound per row; null where not estimable.</param>
public sealed record StateProbability(
    ImmutableArray<double> Probability,
    ImmutableArray<double> StdError,
    ImmutableArray<double?> Lower,
    ImmutableArray<double?> Upper);
