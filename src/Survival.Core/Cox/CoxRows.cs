using Survival.Core.Counting;
using Survival.Core.Numerics;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// The one input of the Cox engine: rows sorted by stratum, then by time from the latest to the earliest, each with
/// its centred covariates and the counts of those it stands for — who leaves the risk set at its time (events and
/// censorings, as numbers and case-weight sums), and who joined it at its entry. A subject, or one (start, stop]
/// stretch of a subject with time-varying covariates, is a row of one; a counting-table cell's time is a row of all
/// the cell's subjects leaving then, with the group's indicators as covariates, so registry-scale counts cost their
/// distinct times rather than their subjects.
/// </summary>
/// <remarks>
/// At an event time t the risk set is every row with entry &lt; t ≤ time (Andersen &amp; Gill 1982): walking the rows
/// forward adds each row's leavers at its time, and — with delayed entry, by a second order of the rows by entry
/// from the latest — takes its joiners out once t reaches their entry. A row of one joins and leaves with the same
/// weight; a counting-table row leaves with those who leave at its time and takes out those who entered then, so
/// the rows of a cell add up to the cell's numbers at risk. Times and entries are merged as R's <c>timefix</c>
/// (<see cref="TimeFix"/>) merges them over the whole data, so equal times compare equal. The likelihood, the robust
/// variance, the concordance, <c>cox.zph</c> and the adjusted curves all read this one order.
/// </remarks>
internal sealed class CoxRows
{
    private CoxRows(int width, int[] stratumStarts)
    {
        Width = width;
        StratumStarts = stratumStarts;
    }

    public int Count => Time.Length;

    /// <summary>The number of covariates (design columns).</summary>
    public int Width { get; }

    /// <summary>Positions where each stratum begins, and the count at the end.</summary>
    public int[] StratumStarts { get; }

    /// <summary>Each row's time, merged as R's timefix, in sorted order (by stratum, then latest first).</summary>
    public double[] Time { get; private init; } = [];

    /// <summary>Each row's entry, merged with the times; null without delayed entry (everyone at risk from 0).</summary>
    public double[]? Entry { get; private init; }

    /// <summary>Positions by stratum, then by entry from the latest (the same stratum ranges); null without delayed entry.</summary>
    public int[]? ByEntry { get; private init; }

    /// <summary>Centred covariates, row-major in sorted order.</summary>
    public double[] X { get; private init; } = [];

    /// <summary>Σ w of those leaving the risk set at the row's time (events and censorings): 1, or the case weight, for a row of one.</summary>
    public double[] Weight { get; private init; } = [];

    /// <summary>Σ w of the row's events.</summary>
    public double[] EventWeight { get; private init; } = [];

    /// <summary>The number of the row's events (Efron's d and the exact likelihood count events, not weights).</summary>
    public int[] Events { get; private init; } = [];

    /// <summary>
    /// For counting-table rows: Σ w of those who entered at the row's time (its <see cref="Entry"/>), and the numbers
    /// leaving and entering; null for rows of one, which join with their own weight.
    /// </summary>
    public TableCounts? Table { get; private init; }

    /// <summary>Each row's cluster (R's <c>cluster(id)</c>), whose score residuals the robust variance sums; null for one per row.</summary>
    public int[]? Cluster { get; private init; }

    /// <summary>The number of clusters; 0 without them.</summary>
    public int ClusterCount { get; private init; }

    /// <summary>Whether case weights were given.</summary>
    public bool Weighted { get; private init; }

    /// <summary>Whether some case weight is not whole (R's <c>has.rwt</c>).</summary>
    public bool FractionalWeights { get; private init; }

    /// <summary>The number of events.</summary>
    public int EventCount { get; private init; }

    /// <summary>The number of subjects (or rows of one) the rows stand for.</summary>
    public int Subjects { get; private init; }

    /// <summary>For rows of one, the source index of each sorted position; null for counting-table rows.</summary>
    public int[]? Order { get; private init; }

    public ReadOnlySpan<double> Row(int position) => X.AsSpan((int)((long)position * Width), Width);

    /// <summary>Σ w² of the row's events and of its censorings, the multiplicity of its two classes in the robust variance and the concordance's.</summary>
    public (double Events, double Censored) Squares(int position)
    {
        if (Table is { } table) return (table.EventSquares[position], table.CensoredSquares[position]);
        var w2 = Weight[position] * Weight[position];
        return Events[position] > 0 ? (w2, 0) : (0, w2);
    }

    /// <summary>Σ w of those who join the risk set at the row's entry.</summary>
    public double EntryWeight(int position) => Table is { } table ? table.Entered[position] : Weight[position];

    /// <summary>The linear predictor η = (x − x̄)'β at every sorted position, in two halves side by side.</summary>
    public void LinearPredictor(double[] beta, double[] eta) =>
        ParallelHalves.Run(Count, (_, from, to) =>
        {
            for (var k = from; k < to; k++) eta[k] = LinearPredictor(k, beta);
        });

    /// <summary>η = (x − x̄)'β at sorted position <paramref name="position"/>.</summary>
    public double LinearPredictor(int position, ReadOnlySpan<double> beta)
    {
        var row = Row(position);
        var sum = 0.0;
        for (var c = 0; c < row.Length; c++) sum += row[c] * beta[c];
        return sum;
    }

    /// <summary>The counts of counting-table rows that rows of one do not need.</summary>
    /// <param name="Entered">Σ w of those entering at the row's time.</param>
    /// <param name="Leaving">The number leaving at the row's time.</param>
    /// <param name="Joining">The number entering at the row's time.</param>
    /// <param name="EventSquares">Σ w² of the events.</param>
    /// <param name="CensoredSquares">Σ w² of the censorings.</param>
    /// <param name="Pattern">The row's group: rows of one group share their covariates, which the exact likelihood pools.</param>
    internal sealed record TableCounts(
        double[] Entered, int[] Leaving, int[] Joining, double[] EventSquares, double[] CensoredSquares, int[] Pattern);

    /// <summary>The rows of one of per-subject (or per-stretch) data with the design's covariates.</summary>
    /// <param name="survival">Entries, times, events and weights.</param>
    /// <param name="strata">Each row's stratum, or null.</param>
    /// <param name="clusters">Each row's cluster, or null.</param>
    /// <param name="design">The design matrix, written centred straight into sorted order.</param>
    public static CoxRows OfSubjects(SurvivalData survival, Factor? strata, Factor? clusters, CoxDesign design)
    {
        var n = survival.Count;
        var times = survival.Times.Span;
        var entries = survival.EntryTimes.Span;

        var keys = new ulong[n];
        for (var i = 0; i < n; i++) keys[i] = RadixOrder.Descending(times[i]);
        var byTime = RadixOrder.Sort(keys);
        int[] order, stratumStarts;
        int[]? stratumOf = null, stratumPositions = null;
        if (strata is not null)
        {
            var codes = new int[n];
            for (var k = 0; k < n; k++) codes[k] = strata.Codes[byTime[k]];
            stratumPositions = Factor.SubjectsByLevel(codes, strata.LevelCount, out stratumStarts);
            order = new int[n];
            stratumOf = new int[n];
            for (var k = 0; k < n; k++)
            {
                order[k] = byTime[stratumPositions[k]];
                stratumOf[k] = codes[stratumPositions[k]];
            }
        }
        else
        {
            order = byTime;
            stratumStarts = [0, n];
        }

        int[]? byEntryOfSubjects = null;
        var distinct = DistinctAscending(keys);
        if (!entries.IsEmpty)
        {
            var entryKeys = new ulong[n];
            for (var i = 0; i < n; i++) entryKeys[i] = RadixOrder.Descending(entries[i]);
            byEntryOfSubjects = RadixOrder.Sort(entryKeys);
            distinct = TimeFix.MergeDistinct(distinct, DistinctAscending(entryKeys));
        }
        var runStarts = TimeFix.RunStartsOfDistinct(distinct);
        // Filled in the subjects' order, each value scattered to its position, as the design rows are.
        var positionOf = new int[n];
        ParallelHalves.Run(n, (_, from, to) =>
        {
            for (var k = from; k < to; k++) positionOf[order[k]] = k;
        });
        var weight = new double[n];
        var eventWeight = new double[n];
        var events = new int[n];
        ParallelHalves.Run(n, (_, from, to) => Scatter(survival, positionOf, weight, eventWeight, events, from, to));
        var eventCount = 0;
        foreach (var e in survival.Events.Span) eventCount += e ? 1 : 0;

        double[]? entry = null;
        int[]? byEntry = null;
        if (byEntryOfSubjects is not null)
        {
            entry = new double[n];
            for (var i = 0; i < n; i++) entry[positionOf[i]] = runStarts is null ? entries[i] : TimeFix.RunStartOf(runStarts, entries[i]);
            byEntry = new int[n];
            for (var k = 0; k < n; k++) byEntry[k] = positionOf[byEntryOfSubjects[k]];
            if (stratumOf is not null) byEntry = GroupedByStratum(byEntry, stratumOf, stratumStarts.Length - 1);
        }
        int[]? cluster = null;
        if (clusters is not null)
        {
            cluster = new int[n];
            for (var i = 0; i < n; i++) cluster[positionOf[i]] = clusters.Codes[i];
        }
        var weights = survival.Weights.Span;
        var fractional = false;
        foreach (var w in weights) fractional |= w != Math.Floor(w);
        return new CoxRows(design.Width, stratumStarts)
        {
            Time = SortedTimes(keys, runStarts, stratumPositions),
            Entry = entry,
            ByEntry = byEntry,
            X = design.CentredRows(positionOf),
            Weight = weight,
            EventWeight = eventWeight,
            Events = events,
            Cluster = cluster,
            ClusterCount = clusters?.LevelCount ?? 0,
            Weighted = !weights.IsEmpty,
            FractionalWeights = fractional,
            EventCount = eventCount,
            Subjects = n,
            Order = order,
        };
    }

    /// <summary>
    /// The rows of a counting table's cells: each cell's times with the indicators of its group, centred at the
    /// groups' shares of the subjects (of the weight, with case weights), as R centres the factor's columns.
    /// </summary>
    /// <param name="counts">The table.</param>
    /// <param name="stratified">Whether each stratum has its own baseline; else the strata are pooled.</param>
    /// <param name="covariateOf">The covariate of each group; −1 for the reference group and groups left out.</param>
    /// <param name="width">The number of covariates.</param>
    public static CoxRows OfTable(CountingTable counts, bool stratified, int[] covariateOf, int width) =>
        OfCells(RiskSets.CellsOf(counts, stratified), counts, stratified ? counts.StratumCount : 1, covariateOf, width);

    /// <summary>The rows of the table's cells (<see cref="RiskSets.CellsOf"/>, or the same cells kept by its risk sets).</summary>
    /// <param name="cells">The cells, stratum-major, their times merged.</param>
    /// <param name="counts">The table, for its groups and weights.</param>
    /// <param name="stratified">Whether the cells are by stratum.</param>
    /// <param name="covariateOf">The covariate of each group; −1 for the reference group and groups left out.</param>
    /// <param name="width">The number of covariates.</param>
    public static CoxRows OfTable(EventTable[] cells, CountingTable counts, bool stratified, int[] covariateOf, int width) =>
        OfCells(cells, counts, stratified ? counts.StratumCount : 1, covariateOf, width);

    /// <summary>The rows of <paramref name="cells"/> (stratum-major, times merged), <paramref name="strataCount"/> strata of the table's groups.</summary>
    private static CoxRows OfCells(EventTable[] cells, CountingTable counts, int strataCount, int[] covariateOf, int width)
    {
        var k = counts.GroupCount;
        var means = GroupShares(cells, k, covariateOf, width, counts.Weighted);
        var stratumStarts = new int[strataCount + 1];
        for (var s = 0; s < strataCount; s++)
        {
            stratumStarts[s + 1] = stratumStarts[s];
            for (var g = 0; g < k; g++) stratumStarts[s + 1] += cells[s * k + g].Count;
        }

        var n = stratumStarts[^1];
        var delayed = cells.Any(cell => cell.Entered.AsSpan().IndexOfAnyExcept(0) >= 0);
        var time = new double[n];
        var x = new double[(long)n * width];
        var weight = new double[n];
        var eventWeight = new double[n];
        var events = new int[n];
        var table = new TableCounts(new double[n], new int[n], new int[n], new double[n], new double[n], new int[n]);
        var eventCount = 0;
        var subjects = 0;
        // Each cell's times ascend, so a stratum's rows, latest first, are its cells merged from their ends: at each
        // position the cell whose next time is the latest (the first group of equal ones; rows of one time enter the
        // risk set together, so their order does not matter).
        var next = new int[k];
        for (var s = 0; s < strataCount; s++)
        {
            for (var g = 0; g < k; g++) next[g] = cells[s * k + g].Count - 1;
            for (var position = stratumStarts[s]; position < stratumStarts[s + 1]; position++)
            {
                var g = LatestCell(cells.AsSpan(s * k, k), next);
                var source = cells[s * k + g];
                var row = next[g]--;
                time[position] = source.Times[row];
                var covariates = x.AsSpan((int)((long)position * width), width);
                for (var c = 0; c < width; c++) covariates[c] = -means[c];
                if (covariateOf[g] >= 0) covariates[covariateOf[g]] += 1;
                events[position] = source.Events[row];
                table.Leaving[position] = source.Events[row] + source.Censored[row];
                table.Joining[position] = source.Entered[row];
                table.Pattern[position] = g;
                if (source.Weights is { } w)
                {
                    eventWeight[position] = w.Events[row];
                    weight[position] = w.Events[row] + w.Censored[row];
                    table.Entered[position] = w.Entered[row];
                    table.EventSquares[position] = w.EventSquares[row];
                    table.CensoredSquares[position] = w.CensoredSquares[row];
                }
                else
                {
                    eventWeight[position] = source.Events[row];
                    weight[position] = table.Leaving[position];
                    table.Entered[position] = source.Entered[row];
                    table.EventSquares[position] = source.Events[row];
                    table.CensoredSquares[position] = source.Censored[row];
                }
                eventCount += source.Events[row];
                subjects += table.Leaving[position];
            }
        }
        int[]? byEntry = null;
        if (delayed)
        {
            // A table row's joiners entered at its own time, so the rows' order by entry is their order by time.
            byEntry = new int[n];
            for (var p = 0; p < n; p++) byEntry[p] = p;
        }
        return new CoxRows(width, stratumStarts)
        {
            Time = time,
            Entry = delayed ? time : null,
            ByEntry = byEntry,
            X = x,
            Weight = weight,
            EventWeight = eventWeight,
            Events = events,
            Table = table,
            Weighted = counts.Weighted,
            FractionalWeights = counts.RobustVariance,
            EventCount = eventCount,
            Subjects = subjects,
        };
    }

    /// <summary>The group of the cell whose next row (<paramref name="next"/>, counted down) has the latest time; the first of equal ones.</summary>
    private static int LatestCell(ReadOnlySpan<EventTable> cells, int[] next)
    {
        var latest = -1;
        for (var g = 0; g < cells.Length; g++)
        {
            if (next[g] >= 0 && (latest < 0 || cells[g].Times[next[g]] > cells[latest].Times[next[latest]])) latest = g;
        }
        return latest;
    }

    /// <summary>Group g's share of the subjects (of the weight), R's mean of its indicator, for each covariate.</summary>
    private static double[] GroupShares(EventTable[] cells, int k, int[] covariateOf, int width, bool weighted)
    {
        var sizes = new double[k];
        for (var cell = 0; cell < cells.Length; cell++)
        {
            var source = cells[cell];
            sizes[cell % k] += weighted ? source.Weights!.Events.Sum() + source.Weights.Censored.Sum() : source.Subjects;
        }
        var total = sizes.Sum();
        var means = new double[width];
        for (var g = 0; g < k; g++)
        {
            if (covariateOf[g] >= 0) means[covariateOf[g]] = sizes[g] / total;
        }
        return means;
    }

    /// <summary>Weights and events of subjects [<paramref name="from"/>, <paramref name="to"/>) written at their positions.</summary>
    private static void Scatter(
        SurvivalData survival, int[] positionOf, double[] weight, double[] eventWeight, int[] events, int from, int to)
    {
        var isEvent = survival.Events.Span;
        var weights = survival.Weights.Span;
        for (var i = from; i < to; i++)
        {
            var k = positionOf[i];
            var w = weights.IsEmpty ? 1 : weights[i];
            weight[k] = w;
            events[k] = isEvent[i] ? 1 : 0;
            eventWeight[k] = isEvent[i] ? w : 0;
        }
    }

    /// <summary>Positions in the order given, regrouped by stratum (a stable counting sort).</summary>
    private static int[] GroupedByStratum(int[] positions, int[] stratumOf, int strata)
    {
        var n = positions.Length;
        var codes = new int[n];
        for (var k = 0; k < n; k++) codes[k] = stratumOf[positions[k]];
        var byStratum = Factor.SubjectsByLevel(codes, strata, out _);
        var grouped = new int[n];
        for (var k = 0; k < n; k++) grouped[k] = positions[byStratum[k]];
        return grouped;
    }

    /// <summary>
    /// The times at the sorted positions, merged by timefix: read from the sorted <see cref="RadixOrder.Descending"/>
    /// keys, each mapped to its run's start by a walk beside them down the run starts, then put in stratum order.
    /// </summary>
    private static double[] SortedTimes(ulong[] sortedKeys, double[]? runStarts, int[]? stratumPositions)
    {
        var n = sortedKeys.Length;
        var byTime = new double[n];
        var run = (runStarts?.Length ?? 0) - 1;
        for (var j = 0; j < n; j++)
        {
            var t = RadixOrder.FromAscending(~sortedKeys[j]);
            if (runStarts is not null)
            {
                while (runStarts[run] > t) run--;
                t = runStarts[run];
            }
            byTime[j] = t;
        }
        if (stratumPositions is null) return byTime;
        var time = new double[n];
        for (var k = 0; k < n; k++) time[k] = byTime[stratumPositions[k]];
        return time;
    }

    /// <summary>The distinct values, ascending, of <paramref name="sortedKeys"/>, <see cref="RadixOrder.Descending"/> keys in ascending order.</summary>
    /// <remarks>Read from the sorted keys, in order, where the values in sorted order would be read scattered.</remarks>
    private static double[] DistinctAscending(ulong[] sortedKeys)
    {
        var distinct = new List<double>();
        for (var k = sortedKeys.Length - 1; k >= 0; k--)
        {
            if (k == sortedKeys.Length - 1 || sortedKeys[k] != sortedKeys[k + 1]) distinct.Add(RadixOrder.FromAscending(~sortedKeys[k]));
        }
        return [.. distinct];
    }
}
