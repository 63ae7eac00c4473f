namespace Survival.Core;

/// <summary>The risk score of each group at the current β, shared by every event time of one evaluation.</summary>
internal sealed class GroupRisk
{
    public GroupRisk(int[] covariateOf)
    {
        CovariateOf = covariateOf;
        Eta = new double[covariateOf.Length];
        Risk = new double[covariateOf.Length];
        Weights = new double[covariateOf.Length];
    }

    /// <summary>The covariate of each group, −1 for the reference group.</summary>
    public int[] CovariateOf { get; }

    /// <summary>η_g, the linear predictor of group g.</summary>
    public double[] Eta { get; }

    /// <summary>exp(η_g).</summary>
    public double[] Risk { get; }

    /// <summary>Scratch space for one risk-set sum per group, so that no event time allocates.</summary>
    public double[] Weights { get; }
}

/// <summary>
/// One way of handling tied events in the Cox partial likelihood. Each event time contributes
/// Σ_events η − log(denominator); the caller adds the first part and the observed covariate totals, the tie method
/// subtracts the log denominator and adds its expected covariates and their covariance.
/// </summary>
internal interface ICoxTies
{
    /// <summary>Adds the denominator terms of one event time with n_g at risk and d_g events in each group.</summary>
    void AddEventTime(ReadOnlySpan<int> atRisk, ReadOnlySpan<int> deaths, int events, GroupRisk risk, PartialLikelihood into);
}
