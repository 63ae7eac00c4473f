using Survival.Core.Counting;

namespace Survival.Core.Cox;

/// <summary>
/// One way of handling tied events in the Cox partial likelihood. Each event time contributes
/// Σ_events η − log(denominator); the caller adds the first part and the observed covariate totals, the tie method
/// subtracts the log denominator and adds its expected covariates and their covariance.
/// </summary>
internal interface ICoxTies
{
    /// <summary>
    /// Adds the denominator terms of one event time with n_g at risk and d_g events in each group, out of
    /// <paramref name="events"/> events in all; with case weights n_g and d_g are the sums of the weights.
    /// </summary>
    void AddEventTime(ReadOnlySpan<double> atRisk, ReadOnlySpan<double> deaths, int events, GroupRisk risk, PartialLikelihood into);
}
