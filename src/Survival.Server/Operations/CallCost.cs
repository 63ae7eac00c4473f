using Google.Protobuf;
using Survival.V1;

namespace Survival.Server.Operations;

/// <summary>
/// The working memory a call is expected to need, in bytes, from what drives it: rows of the cohort, groups,
/// landmarks and quantiles per group, pairwise comparisons and the Cox information matrix, Cox design columns, and
/// plot pixels. The constants are upper bounds calibrated with <c>bash bench/run-ops-bench.sh calibrate</c> (the
/// server's peak RSS over its idle RSS for one call of each kind; figures in the README).
/// </summary>
public readonly record struct CallCost(long Bytes, string Driver)
{
    private const long PerCall = 1L << 20;

    /// <summary>A subject or count row as a message: the parsed object, its labels, and its share of the counting pass.</summary>
    private const long PerRow = 600;

    /// <summary>A subject of packed columns: a time, an event and two codes, then its share of the counting pass.</summary>
    private const long PerColumnRow = 16;

    /// <summary>
    /// A subject already read from a stream: the counting table keeps one packed 8-byte key per subject when times are
    /// continuous (doubled while its array grows), and far less when they repeat (whole days: 4.4 bytes per subject).
    /// </summary>
    private const long PerStreamedRow = 16;

    private const long PerGroupOutput = 250;
    private const long PerPair = 600;
    private const long PerPixel = 6;

    /// <summary>A Cox design column per subject: the value, its centred copy, and the fit's per-subject working vectors.</summary>
    private const long PerCoxCell = 40;

    private const int DefaultWidth = 1000;
    private const int DefaultHeight = 800;

    /// <summary>The parsed request holds its text as UTF-16, twice its UTF-8 size: labels and names of any length.</summary>
    private const long PerMessageByte = 2;

    public static CallCost Of(IMessage request) => Parsed(request) + request switch
    {
        EstimateSurvivalRequest r => Rows(r.Cohort) + Outputs(CohortShape.Of(r.Cohort), r.Options),
        CompareGroupsRequest r => Rows(r.Cohort) + Comparison(CohortShape.Of(r.Cohort), r.Pairwise),
        RenderSurvivalPlotRequest r => Rows(r.Cohort) + Outputs(CohortShape.Of(r.Cohort), r.Options) + Plot(r.Plot),
        AnalyzeCohortRequest r => Rows(r.Cohort) + Analysis(r, CohortShape.Of(r.Cohort)),
        FitCoxModelRequest r => Rows(r.Cohort) + Cox(r) + Plot(r.ForestPlot),
        _ => new(PerCall, "the request"),
    };

    /// <summary>
    /// An AnalyzeCohortStream call while it reads <paramref name="chunk"/>: what the counting table keeps of every row so
    /// far (<paramref name="read"/>, including the chunk), the chunk itself, and the outputs and plot the first message asks for.
    /// </summary>
    public static CallCost OfStream(AnalyzeCohortRequest first, CohortShape read, Cohort? chunk) =>
        new CallCost(read.Rows * PerStreamedRow, "subjects streamed so far")
        + (Rows(chunk) with { Driver = "subjects of one message of the stream" }) + Parsed(chunk ?? new Cohort())
        + Analysis(first, read);

    private static CallCost Parsed(IMessage message) => new(message.CalculateSize() * PerMessageByte, "size of the request message (its subjects, labels and lists)");

    public static CallCost operator +(CallCost a, CallCost b) =>
        new(Saturating(a.Bytes, b.Bytes), a.Bytes >= b.Bytes ? a.Driver : b.Driver);

    private static CallCost Rows(Cohort? cohort)
    {
        if (cohort is null) return new(PerCall, "the request");
        var messages = (long)cohort.Subjects.Count + cohort.Counts.Count;
        var columns = (long)(cohort.Columns?.Time.Count ?? 0);
        return new(Saturating(PerCall, Saturating(messages * PerRow, columns * PerColumnRow)), "subjects (rows of the cohort)");
    }

    private static CallCost Analysis(AnalyzeCohortRequest request, CohortShape shape) =>
        Outputs(shape, request.Options) + Comparison(shape, request.Comparison?.Pairwise == true) + Plot(request.Plot);

    private static CallCost Outputs(CohortShape shape, EstimateOptions? options)
    {
        var perGroup = 1L + (options?.LandmarkTimes.Count ?? 0) + (options?.Quantiles.Count ?? 0);
        return new(shape.Groups * perGroup * PerGroupOutput, "groups × landmarks and quantiles");
    }

    private static CallCost Comparison(CohortShape shape, bool pairwise)
    {
        var groups = (long)shape.Groups;
        // Cox keeps a (groups-1)² information matrix and its inverse; pairwise tests one pair at a time.
        var matrix = groups * groups * 8 * 4;
        var pairs = pairwise ? groups * (groups - 1) / 2 * PerPair : 0;
        return new(Saturating(matrix, pairs), "groups");
    }

    /// <summary>The design matrix: one column per numeric term and per level of a factor beyond its reference.</summary>
    private static CallCost Cox(FitCoxModelRequest request)
    {
        var rows = CohortShape.Of(request.Cohort).Rows;
        var factors = request.Cohort?.Columns?.Factors.DistinctBy(f => f.Name).ToDictionary(f => f.Name, f => Math.Max(1, f.Labels.Count - 1)) ?? [];
        var columns = Math.Max(1, request.Terms.Distinct().Sum(t => (long)factors.GetValueOrDefault(t, 1)));
        return new(Saturating(rows * Math.Min(columns, 1L << 20) * PerCoxCell, columns * columns * 8 * 4), "subjects × model terms");
    }

    private static CallCost Plot(PlotOptions? plot)
    {
        if (plot is null) return new(0, "");
        var pixels = (long)(plot.Width > 0 ? plot.Width : DefaultWidth) * (plot.Height > 0 ? plot.Height : DefaultHeight);
        return new(pixels * PerPixel, "plot width × height");
    }

    private static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
