using Google.Protobuf;
using Survival.V1;

namespace Survival.Server.Operations;

/// <summary>
/// What a call's working memory depends on, read either from the parsed request (<see cref="Of"/>) or from its bytes
/// before they are parsed (<see cref="WireScan"/>); <see cref="CallCost"/> turns either into bytes, so both ways give
/// the same cost.
/// </summary>
/// <param name="MessageBytes">The request's encoded size.</param>
/// <param name="RowMessages">Subjects and count rows sent as messages.</param>
/// <param name="ColumnRows">Subjects sent as packed columns.</param>
/// <param name="Shape">Rows and groups of the cohort.</param>
/// <param name="OutputsPerGroup">0 when the call estimates no curves; else 1 + landmarks + quantiles.</param>
/// <param name="Compares">Whether the call compares groups (a Cox model of the groups, tests, pairs).</param>
/// <param name="Pairwise">Whether it also compares every pair.</param>
/// <param name="Plot">The image it renders, if any.</param>
/// <param name="CoxColumns">0 when the call fits no Cox model; else the design's columns.</param>
/// <param name="TextBytes">Bytes of the request's string fields, when read from its encoded bytes; 0 when unknown.</param>
public readonly record struct CostDrivers(
    long MessageBytes,
    long RowMessages = 0,
    long ColumnRows = 0,
    CohortShape Shape = default,
    long OutputsPerGroup = 0,
    bool Compares = false,
    bool Pairwise = false,
    PlotSize? Plot = null,
    long CoxColumns = 0,
    long TextBytes = 0)
{
    public static CostDrivers Of(IMessage request) => request switch
    {
        EstimateSurvivalRequest r => Cohort(r, r.Cohort) with { OutputsPerGroup = PerGroup(r.Options) },
        CompareGroupsRequest r => Cohort(r, r.Cohort) with { Compares = true, Pairwise = r.Pairwise },
        RenderSurvivalPlotRequest r => Cohort(r, r.Cohort) with { OutputsPerGroup = PerGroup(r.Options), Plot = PlotSize.Of(r.Plot) },
        AnalyzeCohortRequest r => Cohort(r, r.Cohort) with
        {
            OutputsPerGroup = PerGroup(r.Options), Compares = true, Pairwise = r.Comparison?.Pairwise == true, Plot = PlotSize.Of(r.Plot),
        },
        FitCoxModelRequest r => Cohort(r, r.Cohort) with
        {
            CoxColumns = DesignColumns(r.Terms, r.Cohort?.Columns?.Factors.Select(f => (f.Name, f.Labels.Count)) ?? []),
            Plot = PlotSize.Of(r.ForestPlot),
        },
        _ => new(request.CalculateSize()),
    };

    /// <summary>Per group: the curve, and one estimate per landmark and per quantile.</summary>
    public static long PerGroup(long landmarks, long quantiles) => 1 + landmarks + quantiles;

    /// <summary>
    /// One column per distinct numeric term and one per level of a factor beyond its reference (the first factor of a
    /// name counts); keys are names, or hashes of their bytes when read before parsing.
    /// </summary>
    public static long DesignColumns<TKey>(IEnumerable<TKey> terms, IEnumerable<(TKey Name, int Labels)> factors) where TKey : notnull
    {
        var levels = factors.DistinctBy(f => f.Name).ToDictionary(f => f.Name, f => Math.Max(1, f.Labels - 1));
        return Math.Max(1, terms.Distinct().Sum(t => (long)levels.GetValueOrDefault(t, 1)));
    }

    private static long PerGroup(EstimateOptions? options) => PerGroup(options?.LandmarkTimes.Count ?? 0, options?.Quantiles.Count ?? 0);

    private static CostDrivers Cohort(IMessage request, Cohort? cohort) => new(
        request.CalculateSize(),
        RowMessages: (long)(cohort?.Subjects.Count ?? 0) + (cohort?.Counts.Count ?? 0),
        ColumnRows: cohort?.Columns?.Time.Count ?? 0,
        Shape: CohortShape.Of(cohort));
}

/// <summary>A plot's size in pixels as requested; 0 asks for the default.</summary>
public readonly record struct PlotSize(int Width, int Height)
{
    public static PlotSize? Of(PlotOptions? plot) => plot is null ? null : new PlotSize(plot.Width, plot.Height);
}
