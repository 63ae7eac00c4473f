using System.Collections.Immutable;
using Survival.Core.External;
using Survival.Core.Inference;
using Survival.Core.MetaAnalysis;
using Survival.Core.Reconstruction;
using Survival.Service.Mapping;
using ProtoPlotOptions = Survival.V1.PlotOptions;
using ProtoTieMethod = Survival.V1.TieMethod;
using ProtoPooledMeasure = Survival.V1.PooledMeasure;

namespace Survival.Service.Validation;

/// <summary>A checked ReconstructCohort request.</summary>
/// <param name="Arms">Each arm's label (unique) and published curve, in the request's order.</param>
/// <param name="Fix">How rising points are made non-increasing.</param>
/// <param name="TimeUnit">The unit of the figure's time axis, for labels.</param>
/// <param name="Plot">The figure asked for; null for none.</param>
internal sealed record ReconstructionAnalysis(
    ImmutableArray<(string Label, PublishedCurve Curve)> Arms, MonotoneFix Fix, string TimeUnit, ProtoPlotOptions? Plot);

/// <summary>A checked CompareExternal request.</summary>
/// <param name="Cohort">The cohort, each of whose groups is tested.</param>
/// <param name="Reference">The reference curve.</param>
/// <param name="ReferenceLabel">Its name.</param>
/// <param name="ReferenceCohort">The reference's patients when it was given as a cohort; null otherwise.</param>
/// <param name="Variance">The one-sample test's variance.</param>
/// <param name="Level">The level of every interval.</param>
/// <param name="RmstTau">With a reference cohort, the RMST contrast's truncation time; null for none.</param>
/// <param name="Plot">The figure asked for; null for none.</param>
internal sealed record ExternalAnalysis(
    CohortData Cohort,
    IReferenceCurve Reference,
    string ReferenceLabel,
    CohortData? ReferenceCohort,
    OneSampleVariance Variance,
    ConfidenceLevel Level,
    double? RmstTau,
    ProtoPlotOptions? Plot);

/// <summary>One study of a checked PoolStudies request: exactly one of an estimate (log scale) and a cohort.</summary>
/// <param name="Label">Its unique name.</param>
/// <param name="Given">The log estimate and standard error it gave, directly or from an interval; null for a cohort.</param>
/// <param name="Cohort">Its patients; null when it gave an estimate.</param>
internal sealed record PoolingStudy(string Label, StudyEstimate? Given, CohortData? Cohort);

/// <summary>A checked PoolStudies request.</summary>
internal sealed record PoolingAnalysis(
    ImmutableArray<PoolingStudy> Studies,
    ProtoPooledMeasure Measure,
    ImmutableArray<PoolingMethod> Methods,
    ConfidenceLevel Level,
    string ReferenceGroup,
    ProtoTieMethod Ties,
    ProtoPlotOptions? ForestPlot,
    ProtoPlotOptions? SurvivalPlot)
{
    /// <summary>Whether every study gave its patients, so that their curves can be drawn together.</summary>
    public bool AllCohorts => Studies.All(s => s.Cohort is not null);
}
