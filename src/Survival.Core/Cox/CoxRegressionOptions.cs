using Survival.Core.Inference;

namespace Survival.Core.Cox;

/// <summary>How a Cox regression is fitted and what is reported with it.</summary>
/// <param name="Ties">The handling of tied event times (R's default is Efron).</param>
/// <param name="ConfidenceLevel">The level of the hazard ratios' intervals.</param>
/// <param name="TestProportionalHazards">Whether to compute R's <c>cox.zph</c> test.</param>
/// <param name="MaxIterations">R's <c>iter.max</c>.</param>
public sealed record CoxRegressionOptions(
    TieMethod Ties,
    ConfidenceLevel ConfidenceLevel,
    bool TestProportionalHazards = false,
    int MaxIterations = CoxNewtonRaphson.DefaultMaxIterations)
{
    /// <summary>R's defaults: Efron ties, 95% intervals, no proportional-hazards test.</summary>
    public static CoxRegressionOptions Default { get; } = new(TieMethod.Efron, ConfidenceLevel.Default);

    /// <summary>
    /// R's <c>robust = TRUE</c>: the sandwich variance, clustered by the rows' subject ids when given (R's
    /// <c>cluster(id)</c>). When false R's own rule still applies: robust with weights that are not whole, or when a
    /// subject has more than one event.
    /// </summary>
    public bool Robust { get; init; }

    /// <summary>
    /// For a Fine–Gray model, the cause whose subdistribution hazard is modelled (R's <c>finegray(etype = )</c>); the
    /// other causes compete. Null for an ordinary Cox model.
    /// </summary>
    public string? CauseOfInterest { get; init; }
}
