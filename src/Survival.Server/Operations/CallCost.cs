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

    /// <summary>
    /// A byte of a string field, beyond <see cref="PerMessageByte"/>: the encoded request stays buffered while the
    /// parser builds its strings at two bytes a character (a 200 MB string takes 600 MB until the parse ends).
    /// </summary>
    private const long PerTextByte = 1;

    /// <summary>
    /// A byte of JSON: the body as received, System.Text.Json's buffer of the whole document, what the transcoder builds
    /// from it, the parsed message. Calibrated with <c>bench/run-ops-bench.sh calibrate</c> (kind <c>json</c>): a 50 MB
    /// body took 852 MB over idle (806 MB under the pod's 768 MiB heap limit), about 17 bytes a byte.
    /// </summary>
    private const long PerJsonByte = 17;

    public static CallCost Of(IMessage request) => Of(CostDrivers.Of(request));

    public static CallCost Of(CostDrivers drivers) =>
        Parsed(drivers.MessageBytes, drivers.TextBytes) + Rows(drivers.RowMessages, drivers.ColumnRows) + Work(drivers);

    /// <summary>
    /// An AnalyzeCohortStream call while it reads <paramref name="chunk"/>: what the counting table keeps of every row so
    /// far (<paramref name="read"/>, including the chunk), the chunk itself, and the outputs and plot the first message asks for.
    /// </summary>
    public static CallCost OfStream(AnalyzeCohortRequest first, CohortShape read, Cohort? chunk) =>
        new CallCost(Saturating(PerCall, read.Rows * PerStreamedRow), "subjects streamed so far")
        + OfChunk(CostDrivers.Of(new AnalyzeCohortRequest { Cohort = chunk }))
        + Work(CostDrivers.Of(first) with { Shape = read });

    /// <summary>One message of a stream as it is parsed: its bytes and its rows, without the call's own share or the work the stream asks for.</summary>
    public static CallCost OfChunk(CostDrivers message) =>
        Parsed(message.MessageBytes, message.TextBytes)
        + new CallCost(Saturating(message.RowMessages * PerRow, message.ColumnRows * PerColumnRow), "subjects of one message of the stream");

    /// <summary>The bytes of a message not yet read whole: as buffered, and what parsing them may take.</summary>
    public static CallCost OfMessageBytes(long bytes) => Parsed(bytes);

    /// <summary>
    /// An HTTP/JSON body of <paramref name="bytes"/>, held from its first byte until the call ends: the body, the
    /// JSON parser's buffer of the whole document, and the message it builds.
    /// </summary>
    public static CallCost OfJson(long bytes) =>
        new(Saturating(PerCall, Math.Min(bytes, long.MaxValue / PerJsonByte) * PerJsonByte), "size of the JSON body (send large cohorts over gRPC)");

    /// <summary>The message as parsed, and its text once more: the encoded bytes stay buffered while its strings are built as UTF-16.</summary>
    private static CallCost Parsed(long messageBytes, long textBytes = 0) =>
        new(Saturating(messageBytes * PerMessageByte, textBytes * PerTextByte), "size of the request message (its subjects, labels and lists)");

    /// <summary>What the call computes beyond reading its rows: curves and their estimates, comparisons, a Cox fit, a plot.</summary>
    private static CallCost Work(CostDrivers drivers) =>
        Outputs(drivers.Shape, drivers.OutputsPerGroup)
        + (drivers.Compares ? Comparison(drivers.Shape, drivers.Pairwise) : None)
        + (drivers.CoxColumns > 0 ? Cox(drivers.Shape.Rows, drivers.CoxColumns) : None)
        + Plot(drivers.Plot);

    public static CallCost operator +(CallCost a, CallCost b) =>
        new(Saturating(a.Bytes, b.Bytes), a.Bytes >= b.Bytes ? a.Driver : b.Driver);

    public static readonly CallCost None = new(0, "");

    private static CallCost Rows(long messages, long columns) =>
        new(Saturating(PerCall, Saturating(messages * PerRow, columns * PerColumnRow)), "subjects (rows of the cohort)");

    private static CallCost Outputs(CohortShape shape, long perGroup) => new(shape.Groups * perGroup * PerGroupOutput, "groups × landmarks and quantiles");

    private static CallCost Comparison(CohortShape shape, bool pairwise)
    {
        var groups = (long)shape.Groups;
        // Cox keeps a (groups-1)² information matrix and its inverse; pairwise tests one pair at a time.
        var matrix = groups * groups * 8 * 4;
        var pairs = pairwise ? groups * (groups - 1) / 2 * PerPair : 0;
        return new(Saturating(matrix, pairs), "groups");
    }

    /// <summary>The design matrix: one column per numeric term and per level of a factor beyond its reference.</summary>
    private static CallCost Cox(long rows, long columns) =>
        new(Saturating(rows * Math.Min(columns, 1L << 20) * PerCoxCell, columns * columns * 8 * 4), "subjects × model terms");

    private static CallCost Plot(PlotSize? plot)
    {
        if (plot is not { } size) return None;
        var pixels = (long)(size.Width > 0 ? size.Width : DefaultWidth) * (size.Height > 0 ? size.Height : DefaultHeight);
        return new(pixels * PerPixel, "plot width × height");
    }

    public static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
