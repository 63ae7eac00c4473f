using Google.Protobuf;
using Survival.V1;

namespace Survival.Server.Operations;

/// <summary>
/// The working memory a call is expected to need, in bytes, from what drives it: rows of the cohort, groups,
/// landmarks and quantiles per group, pairwise comparisons and the Cox information matrix, and plot pixels. The
/// constants are upper bounds measured with bench/ops (peak RSS per unit under sixteen concurrent calls).
/// </summary>
public readonly record struct CallCost(long Bytes, string Driver)
{
    private const long PerCall = 1L << 20;
    private const long PerRow = 300;
    private const long PerGroupOutput = 200;
    private const long PerPair = 600;
    private const long PerPixel = 6;
    private const int DefaultWidth = 1000;
    private const int DefaultHeight = 800;

    public static CallCost Of(IMessage request) => request switch
    {
        EstimateSurvivalRequest r => Estimate(CohortShape.Of(r.Cohort), r.Options),
        CompareGroupsRequest r => Compare(CohortShape.Of(r.Cohort), r.Pairwise),
        RenderSurvivalPlotRequest r => Estimate(CohortShape.Of(r.Cohort), r.Options) + Plot(r.Plot),
        AnalyzeCohortRequest r => Estimate(CohortShape.Of(r.Cohort), r.Options)
            + Compare(CohortShape.Of(r.Cohort), r.Comparison?.Pairwise == true) + Plot(r.Plot),
        _ => new(PerCall, "the request"),
    };

    public static CallCost operator +(CallCost a, CallCost b) =>
        new(Saturating(a.Bytes, b.Bytes), a.Bytes >= b.Bytes ? a.Driver : b.Driver);

    private static CallCost Estimate(CohortShape shape, EstimateOptions? options)
    {
        var perGroup = 1L + (options?.LandmarkTimes.Count ?? 0) + (options?.Quantiles.Count ?? 0);
        var rows = Saturating(PerCall, shape.Rows * PerRow);
        var outputs = shape.Groups * perGroup * PerGroupOutput;
        return rows >= outputs ? new(rows, "subjects (rows of the cohort)") : new(Saturating(rows, outputs), "groups × landmarks and quantiles");
    }

    private static CallCost Compare(CohortShape shape, bool pairwise)
    {
        var groups = (long)shape.Groups;
        // Cox keeps a (groups-1)² information matrix and its inverse; pairwise tests one pair at a time.
        var matrix = groups * groups * 8 * 4;
        var pairs = pairwise ? groups * (groups - 1) / 2 * PerPair : 0;
        var rows = Saturating(PerCall, shape.Rows * PerRow);
        var bytes = Saturating(rows, Saturating(matrix, pairs));
        return new(bytes, bytes == rows ? "subjects (rows of the cohort)" : "groups");
    }

    private static CallCost Plot(PlotOptions? plot)
    {
        if (plot is null) return new(0, "");
        var pixels = (long)(plot.Width > 0 ? plot.Width : DefaultWidth) * (plot.Height > 0 ? plot.Height : DefaultHeight);
        return new(pixels * PerPixel, "plot width × height");
    }

    private static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
