using System.Collections.Immutable;
using Survival.Core.Counting;
using Survival.Core.IntervalCensoring;
using Survival.Core.Regression;

namespace Survival.Core.Parametric;

/// <summary>
/// The data of a parametric survival model: observations (one per subject, or one per count-table cell, time and
/// kind, weighted by its count), the model's terms as R's <c>model.matrix</c> builds them, and optional strata, each
/// of which gets its own ancillary parameters (R's <c>survreg(... + strata(s))</c>).
/// </summary>
/// <remarks>
/// The likelihood Σ wᵢ gᵢ(ηᵢ, θ_{s(i)}) depends on a subject only through its design row, its stratum, its times and its
/// kind, so subjects who share all four can be one observation weighted by their number. A model whose only term is
/// the group factor therefore reads the counting table (<see cref="FromCounts"/>): each cell's events, censorings and
/// entries at each time are three weighted observations, and a registry of any size costs what its distinct times cost.
/// Observations are kept in stratum order; rows of the design are centred (<see cref="CoxDesign"/>), and the fit
/// reports coefficients for the uncentred columns, as R does.
/// </remarks>
public sealed class ParametricData
{
    /// <summary>Internal kind of an observation that only enters (a count row's entries): its term is −log S(e).</summary>
    internal const byte EntryOnly = 4;

    private double[]? _logTimes, _logUpper, _logEntries;

    private ParametricData() { }

    /// <summary>The model's terms in order (the group factor for count rows); empty for an intercept-only model.</summary>
    public ImmutableArray<CoxCovariate> Terms { get; private init; }

    /// <summary>The stratum labels in R's order; one empty label when the model is not stratified.</summary>
    public ImmutableArray<string> StrataLabels { get; private init; }

    /// <summary>Whether each stratum has its own ancillary parameters.</summary>
    public bool Stratified => StrataLabels.Length > 1 || StratifiedByRequest;

    private bool StratifiedByRequest { get; init; }

    /// <summary>The number of subjects (R's <c>nobs</c>, the n of BIC).</summary>
    public long Subjects { get; private init; }

    /// <summary>
    /// The number of subjects whose event was seen: observed exactly, or known to lie before a time (left-censored) or
    /// within an interval; only right-censored subjects are not counted.
    /// </summary>
    public long Events { get; private init; }

    /// <summary>The smallest time or entry time of any subject (positive times are needed on the log scale).</summary>
    public double SmallestTime { get; private init; }

    /// <summary>The largest observed time (the last follow-up, where curves start to extrapolate).</summary>
    public double LastTime { get; private init; }

    /// <summary>Whether the observations carry case weights.</summary>
    public bool Weighted => Weights is not null;

    internal CoxDesign Design { get; private init; } = null!;

    internal int RowCount { get; private init; }

    internal int[] RowStratum { get; private init; } = [];

    internal byte[] Kinds { get; private init; } = [];

    internal double[] Times { get; private init; } = [];

    internal double[]? Upper { get; private init; }

    internal double[]? Entries { get; private init; }

    internal double[]? Weights { get; private init; }

    /// <summary>The design row of each observation; null when observation i is row i.</summary>
    internal int[]? RowOf { get; private init; }

    /// <summary>Observations of stratum s are [StratumStart[s], StratumStart[s + 1]).</summary>
    internal int[] StratumStart { get; private init; } = [];

    internal int ObservationCount => Kinds.Length;

    internal int StratumCount => StratumStart.Length - 1;

    internal double[] LogTimes => _logTimes ??= LogOf(Times);

    internal double[]? LogUpper => Upper is null ? null : _logUpper ??= LogOf(Upper);

    internal double[]? LogEntries => Entries is null ? null : _logEntries ??= LogOf(Entries);

    /// <summary>
    /// The centred design by column, the intercept's ones first: column c of row r at c·<see cref="RowCount"/> + r (for
    /// the vectorised kernels). The only copy of the design: the row-major rows it is built from are not kept.
    /// </summary>
    internal double[] DesignColumns { get; private init; } = [];

    /// <summary>Right-censored subjects (with their entry times and weights, when given).</summary>
    /// <exception cref="InputRuleException">A term or the strata do not give one value per subject.</exception>
    public static ParametricData Create(SurvivalData survival, IReadOnlyList<CoxCovariate> terms, Factor? strata = null) =>
        Create(CensoredObservations.FromSurvivalData(survival), terms, strata);

    /// <summary>Subjects with observations of any kind.</summary>
    /// <param name="observations">The subjects' observations.</param>
    /// <param name="terms">The model's terms in order (numeric covariates and factors, as FitCoxModel takes them); empty for an intercept-only model.</param>
    /// <param name="strata">Each subject's stratum, each with its own ancillary parameters; null for one.</param>
    /// <exception cref="InputRuleException">A term or the strata do not give one value per subject, a value is not finite, or a factor has one level.</exception>
    public static ParametricData Create(CensoredObservations observations, IReadOnlyList<CoxCovariate> terms, Factor? strata = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(terms);
        var n = observations.Count;
        CheckTerms(terms, n);
        strata?.CheckCodes(n, "strata");

        // Subjects in stratum order (stable), so that each stratum's observations are one range.
        var order = strata is null ? null : Factor.SubjectsByLevel(strata.Codes.AsSpan(), strata.LevelCount, out _);
        var rowOf = new int[n];
        for (var k = 0; k < n; k++) rowOf[order?[k] ?? k] = k;
        var starts = strata is null ? [0, n] : Starts(strata, n);
        var design = CoxDesign.Build(terms, n);
        var rowStratum = new int[n];
        for (var s = 0; s < starts.Length - 1; s++) rowStratum.AsSpan(starts[s], starts[s + 1] - starts[s]).Fill(s);

        var kinds = new byte[n];
        var times = new double[n];
        var upper = observations.Upper is null ? null : new double[n];
        var entries = observations.Entries is null ? null : new double[n];
        var weights = observations.Weights is null ? null : new double[n];
        long events = 0;
        for (var i = 0; i < n; i++)
        {
            var k = rowOf[i];
            kinds[k] = (byte)observations.Kinds[i];
            times[k] = observations.Lower[i];
            if (upper is not null) upper[k] = observations.Upper![i];
            if (entries is not null) entries[k] = observations.Entries![i];
            if (weights is not null) weights[k] = observations.Weights![i];
            if (observations.Kinds[i] != CensoringKind.RightCensored) events++;
        }
        return new ParametricData
        {
            Terms = [.. terms],
            StrataLabels = strata?.Levels ?? [""],
            StratifiedByRequest = strata is not null,
            Subjects = n,
            Events = events,
            SmallestTime = Smallest(times, entries),
            LastTime = Largest(times, upper),
            Design = design,
            DesignColumns = WithIntercept(design.CentredRows(rowOf), design.Width, n),
            RowCount = n,
            RowStratum = rowStratum,
            Kinds = kinds,
            Times = times,
            Upper = upper,
            Entries = entries,
            Weights = weights,
            RowOf = null,
            StratumStart = starts,
        };
    }

    /// <summary>
    /// The model on the group factor alone (or the intercept alone) from the counting table: each cell's events,
    /// censorings and delayed entries at each time are observations weighted by their number (or by the sum of the
    /// case weights).
    /// </summary>
    /// <param name="counts">The counting table.</param>
    /// <param name="groupTerm">Whether the group factor is a term (it needs two groups or more).</param>
    /// <param name="stratified">Whether each stratum of the table has its own ancillary parameters.</param>
    public static ParametricData FromCounts(CountingTable counts, bool groupTerm, bool stratified)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var cells = CellDesign.Of(counts.Groups, counts.StratumCount, groupTerm, stratified);
        var strataCount = stratified ? counts.StratumCount : 1;
        var observations = 0;
        for (var s = 0; s < counts.StratumCount; s++)
        {
            for (var g = 0; g < counts.GroupCount; g++)
            {
                var cell = counts.Cell(s, g);
                for (var j = 0; j < cell.Count; j++)
                    observations += (cell.Events[j] > 0 ? 1 : 0) + (cell.Censored[j] > 0 ? 1 : 0) + (cell.Entered[j] > 0 && cell.Times[j] > 0 ? 1 : 0);
            }
        }

        var kinds = new byte[observations];
        var times = new double[observations];
        var weights = new double[observations];
        var rowOf = new int[observations];
        var anyEntry = false;
        var starts = new int[strataCount + 1];
        long events = 0;
        var k = 0;
        for (var s = 0; s < counts.StratumCount; s++)
        {
            for (var g = 0; g < counts.GroupCount; g++)
            {
                var cell = counts.Cell(s, g);
                var row = s * counts.GroupCount + g;
                for (var j = 0; j < cell.Count; j++)
                {
                    events += cell.Events[j];
                    Add(CensoringKind.Exact, cell.Events[j], cell.Weights?.Events[j]);
                    Add(CensoringKind.RightCensored, cell.Censored[j], cell.Weights?.Censored[j]);
                    if (cell.Entered[j] > 0 && cell.Times[j] > 0) anyEntry = true;
                    Add((CensoringKind)EntryOnly, cell.Entered[j], cell.Weights?.Entered[j]);

                    void Add(CensoringKind kind, int count, double? weight)
                    {
                        // An entry at 0 truncates nothing: S(0) = 1.
                        if (count == 0 || (byte)kind == EntryOnly && cell.Times[j] <= 0) return;
                        kinds[k] = (byte)kind;
                        times[k] = cell.Times[j];
                        weights[k] = weight ?? count;
                        rowOf[k] = row;
                        k++;
                    }
                }
            }
            if (stratified) starts[s + 1] = k;
        }
        starts[strataCount] = k;

        var smallest = double.PositiveInfinity;
        foreach (var t in times) smallest = Math.Min(smallest, t);
        return new ParametricData
        {
            Terms = [.. cells.Terms],
            StrataLabels = stratified ? counts.Strata : [""],
            StratifiedByRequest = stratified,
            Subjects = counts.SubjectCount,
            Events = events,
            SmallestTime = smallest,
            LastTime = Largest(times, null),
            Design = cells.Design,
            DesignColumns = cells.Columns,
            RowCount = cells.RowCount,
            RowStratum = cells.RowStratum,
            Kinds = kinds,
            Times = times,
            // An entry at a time is a term −log S(e) of its own; the subject's exit is counted in its own row.
            Entries = null,
            Weights = weights,
            RowOf = rowOf,
            StratumStart = starts,
            HasEntryObservations = anyEntry,
        };
    }

    /// <summary>
    /// The model on the group factor alone (or the intercept alone) from the interval-censored counting table: each
    /// cell's distinct intervals (left, right] are observations weighted by their number of subjects, of the kind
    /// <see cref="CensoredObservations.KindOf"/> gives them (R's <c>Surv(left, right, type = "interval2")</c>).
    /// </summary>
    /// <param name="intervals">The interval-censored counting table.</param>
    /// <param name="groupTerm">Whether the group factor is a term (it needs two groups or more).</param>
    /// <param name="stratified">Whether each stratum of the table has its own ancillary parameters.</param>
    public static ParametricData FromIntervals(IntervalCountingTable intervals, bool groupTerm, bool stratified)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var cells = CellDesign.Of(intervals.Groups, intervals.StratumCount, groupTerm, stratified);
        var strataCount = stratified ? intervals.StratumCount : 1;
        var observations = 0;
        for (var c = 0; c < cells.RowCount; c++) observations += intervals.Cell(c / intervals.GroupCount, c % intervals.GroupCount).Count;

        var kinds = new byte[observations];
        var times = new double[observations];
        var upper = new double[observations];
        var weights = new double[observations];
        var rowOf = new int[observations];
        var starts = new int[strataCount + 1];
        long events = 0;
        var k = 0;
        for (var s = 0; s < intervals.StratumCount; s++)
        {
            for (var g = 0; g < intervals.GroupCount; g++)
            {
                var cell = intervals.Cell(s, g);
                var row = s * intervals.GroupCount + g;
                for (var j = 0; j < cell.Count; j++, k++)
                {
                    var (kind, time) = CensoredObservations.KindOf(cell.Left[j], cell.Right[j]);
                    kinds[k] = (byte)kind;
                    times[k] = time;
                    upper[k] = cell.Right[j];
                    weights[k] = cell.Counts[j];
                    rowOf[k] = row;
                    if (kind != CensoringKind.RightCensored) events += cell.Counts[j];
                }
            }
            if (stratified) starts[s + 1] = k;
        }
        starts[strataCount] = k;

        return new ParametricData
        {
            Terms = [.. cells.Terms],
            StrataLabels = stratified ? intervals.Strata : [""],
            StratifiedByRequest = stratified,
            Subjects = intervals.SubjectCount,
            Events = events,
            SmallestTime = Smallest(times, null),
            LastTime = Largest(times, upper),
            Design = cells.Design,
            DesignColumns = cells.Columns,
            RowCount = cells.RowCount,
            RowStratum = cells.RowStratum,
            Kinds = kinds,
            Times = times,
            Upper = upper,
            Entries = null,
            Weights = weights,
            RowOf = rowOf,
            StratumStart = starts,
        };
    }

    /// <summary>
    /// The design of a table's cells, one row per (stratum, group) cell in that order: the group factor, or the
    /// intercept alone; each row's stratum (0 throughout unless stratified). The one rule and layout of
    /// <see cref="FromCounts"/> and <see cref="FromIntervals"/>.
    /// </summary>
    private sealed record CellDesign(CoxCovariate[] Terms, CoxDesign Design, double[] Columns, int[] RowStratum)
    {
        public int RowCount => RowStratum.Length;

        public static CellDesign Of(ImmutableArray<string> groups, int stratumCount, bool groupTerm, bool stratified)
        {
            if (groupTerm && groups.Length < 2)
                throw new InputRuleException("terms", "names the group factor, which needs at least two groups");
            var rowCount = stratumCount * groups.Length;
            var rowStratum = new int[rowCount];
            var rowGroup = new int[rowCount];
            var identity = new int[rowCount];
            for (var r = 0; r < rowCount; r++)
            {
                rowStratum[r] = stratified ? r / groups.Length : 0;
                rowGroup[r] = r % groups.Length;
                identity[r] = r;
            }
            CoxCovariate[] terms = groupTerm ? [new FactorCovariate("group", new Factor(groups, [.. rowGroup]))] : [];
            var design = CoxDesign.Build(terms, rowCount);
            return new CellDesign(terms, design, WithIntercept(design.CentredRows(identity), design.Width, rowCount), rowStratum);
        }
    }

    /// <summary>The same observations without their delayed entries (for starting values, which R computes without any).</summary>
    internal ParametricData WithoutEntries() => Entries is null ? this : new ParametricData
    {
        Terms = Terms, StrataLabels = StrataLabels, StratifiedByRequest = StratifiedByRequest, Subjects = Subjects, Events = Events,
        SmallestTime = SmallestTime, LastTime = LastTime, Design = Design, DesignColumns = DesignColumns, RowCount = RowCount, RowStratum = RowStratum,
        Kinds = Kinds, Times = Times, Upper = Upper, Entries = null, Weights = Weights, RowOf = RowOf, StratumStart = StratumStart,
        HasEntryObservations = HasEntryObservations, _logTimes = _logTimes, _logUpper = _logUpper,
    };

    /// <summary>Whether some observations are entries alone (count rows with delayed entry).</summary>
    internal bool HasEntryObservations { get; private init; }

    /// <summary>Whether any subject entered late (its likelihood is truncated).</summary>
    public bool DelayedEntry => Entries is not null || HasEntryObservations;

    private static void CheckTerms(IReadOnlyList<CoxCovariate> terms, int n)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            ArgumentNullException.ThrowIfNull(term, nameof(terms));
            if (!names.Add(term.Name)) throw new InputRuleException("terms", $"names '{term.Name}' twice");
            if (term.Count != n) throw new InputRuleException("terms", $"term '{term.Name}' has {term.Count} values but there are {n} subjects");
            switch (term)
            {
                case NumericCovariate numeric:
                    for (var i = 0; i < numeric.Values.Length; i++)
                    {
                        if (!double.IsFinite(numeric.Values[i])) throw new InputRuleException($"terms.{term.Name}[{i}]", "must be a finite number");
                    }
                    break;
                case FactorCovariate factor:
                    factor.Factor.CheckCodes(n, $"terms.{term.Name}");
                    if (factor.Factor.LevelCount < 2) throw new InputRuleException("terms", $"factor '{term.Name}' needs at least two levels");
                    break;
                default:
                    throw new InputRuleException("terms", $"term '{term.Name}' is of an unknown kind");
            }
        }
    }

    private static int[] Starts(Factor strata, int n)
    {
        Factor.SubjectsByLevel(strata.Codes.AsSpan(), strata.LevelCount, out var starts);
        starts[^1] = n;
        return starts;
    }

    private static double Smallest(double[] times, double[]? entries)
    {
        var smallest = double.PositiveInfinity;
        foreach (var t in times) smallest = Math.Min(smallest, t);
        // An entry at 0 adds nothing (S(0) = 1); a later one is a time at which S is evaluated.
        if (entries is not null) foreach (var e in entries) if (e > 0) smallest = Math.Min(smallest, e);
        return smallest;
    }

    private static double Largest(double[] times, double[]? upper)
    {
        var largest = 0.0;
        foreach (var t in times) largest = Math.Max(largest, t);
        if (upper is not null) foreach (var t in upper) if (double.IsFinite(t)) largest = Math.Max(largest, t);
        return largest;
    }

    /// <summary>Row-major centred rows <paramref name="width"/> wide, by column after a column of ones (the intercept).</summary>
    private static double[] WithIntercept(double[] rows, int width, int count)
    {
        var columns = new double[(long)(1 + width) * count];
        columns.AsSpan(0, count).Fill(1);
        for (var c = 0; c < width; c++)
            for (var r = 0; r < count; r++) columns[(c + 1) * count + r] = rows[r * width + c];
        return columns;
    }

    private static double[] LogOf(double[] values)
    {
        var logs = new double[values.Length];
        for (var i = 0; i < values.Length; i++) logs[i] = Math.Log(values[i]);
        return logs;
    }
}
