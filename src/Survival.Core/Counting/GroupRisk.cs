using Survival.Core.Numerics;

namespace Survival.Core.Counting;

/// <summary>The risk score of each group at the current β, shared by every event time of one evaluation.</summary>
internal sealed class GroupRisk
{
    public GroupRisk(int[] covariateOf)
    {
        CovariateOf = covariateOf;
        Eta = new double[covariateOf.Length];
        Risk = new double[covariateOf.Length];
        Weights = new double[covariateOf.Length];
        TiedWeights = new double[covariateOf.Length];
    }

    /// <summary>The covariate of each group, −1 for the reference group.</summary>
    public int[] CovariateOf { get; }

    /// <summary>η_g, the linear predictor of group g.</summary>
    public double[] Eta { get; }

    /// <summary>exp(η_g).</summary>
    public double[] Risk { get; }

    /// <summary>Scratch space for one risk-set sum per group, so that no event time allocates.</summary>
    public double[] Weights { get; }

    /// <summary>Scratch space for the tied events' share of each group, for Efron's approximation.</summary>
    public double[] TiedWeights { get; }
}
