using Survival.Core.Cox;

namespace Survival.Core.Counting;

/// <summary>
/// The risk sets of a group comparison, derived from the <see cref="CountingTable"/>: for every distinct event time
/// within each stratum, the number at risk and the number of events in each group. Every log-rank-type test, the Cox
/// model with a group factor and its concordance read these, so they are derived once and every statistic then costs
/// one pass over the event times.
/// </summary>
/// <remarks>
/// Counts are stored row-major: <c>AtRisk[row * GroupCount + group]</c>. As in R, subjects censored at an event time
/// are still at risk then. Rows of stratum s are <c>StratumStarts[s] .. StratumStarts[s + 1]</c>.
/// </remarks>
internal sealed class RiskSets
{
    private RiskSets(
        int groupCount, int[] groupSizes, bool stratified, int[] stratumStarts, double[] times, int[] atRisk, int[] deaths,
        bool delayedEntry, double[]? weightedAtRisk = null, double[]? weightedDeaths = null)
    {
        DelayedEntry = delayedEntry;
        CoxAtRisk = weightedAtRisk ?? [.. atRisk.Select(n => (double)n)];
        CoxDeaths = weightedDeaths ?? [.. deaths.Select(d => (double)d)];
        Weighted = weightedAtRisk is not null;
        GroupCount = groupCount;
        Stratified = stratified;
        GroupSizes = groupSizes;
        StratumStarts = stratumStarts;
        Times = times;
        AtRisk = atRisk;
        Deaths = deaths;
        TotalAtRisk = RowSums(atRisk, groupCount, RowCount);
        TotalDeaths = RowSums(deaths, groupCount, RowCount);
    }

    public int GroupCount { get; }

    /// <summary>Whether some subject entered late, so that the number at risk may rise between rows.</summary>
    public bool DelayedEntry { get; }

    /// <summary>Subjects in each group, events or not.</summary>
    public int[] GroupSizes { get; }

    /// <summary>Whether the table was built with a strata factor (even one with a single level).</summary>
    public bool Stratified { get; }

    public int[] StratumStarts { get; }

    public int StratumCount => StratumStarts.Length - 1;

    public int RowCount => StratumStarts[^1];

    public double[] Times { get; }

    public int[] AtRisk { get; }

    public int[] Deaths { get; }

    public int[] TotalAtRisk { get; }

    public int[] TotalDeaths { get; }

    public int SubjectCount => GroupSizes.Sum();

    /// <summary>Whether the cohort has case weights; the Cox model and its concordance are then weighted.</summary>
    public bool Weighted { get; }

    /// <summary>
    /// What the Cox model and the concordance count at each row and group: Σ w over those at risk with case weights,
    /// else the number at risk.
    /// </summary>
    public double[] CoxAtRisk { get; }

    /// <summary>Σ w over the events with case weights, else the number of events; laid out as <see cref="CoxDeaths"/>.</summary>
    public double[] CoxDeaths { get; }

    /// <summary>
    /// The cells the rows were built from, stratum-major (<c>Cells[s * GroupCount + g]</c>), their times merged as the rows':
    /// what the robust variance reads, since censorings between event times count there too. Empty for a pair's table.
    /// </summary>
    public EventTable[] Cells { get; private init; } = [];

    /// <summary>Whether some case weight is not whole, so that the Cox model reports R's robust (sandwich) variance.</summary>
    public bool RobustVariance => Cells.Any(cell => cell.Weights?.Robust == true);

    /// <summary>
    /// The cells of the groups, stratum-major (<c>[s * GroupCount + g]</c>; the strata pooled when not
    /// <paramref name="stratified"/>), their times merged as R merges near-equal times over the whole data before a fit:
    /// the runs are found across all the cells.
    /// </summary>
    public static EventTable[] CellsOf(CountingTable counts, bool stratified)
    {
        var k = counts.GroupCount;
        var strataCount = stratified ? counts.StratumCount : 1;
        var cells = new EventTable[strataCount * k];
        for (var s = 0; s < strataCount; s++)
            for (var g = 0; g < k; g++) cells[s * k + g] = stratified ? counts.Cell(s, g) : counts.GroupTable(g);
        if (TimeFix.RunStarts(cells) is { } starts)
        {
            for (var cell = 0; cell < cells.Length; cell++) cells[cell] = cells[cell].MergeTimes(starts);
        }
        return cells;
    }

    /// <summary>Refuses a table of fewer than two groups, which no comparison of groups can be made from.</summary>
    /// <exception cref="InputRuleException">There are fewer than two groups.</exception>
    public static void CheckGroups(CountingTable counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.GroupCount < 2)
            throw new InputRuleException("groups", $"{InputRules.GroupCountRequirement}; all subjects are in group \"{counts.Groups[0]}\"");
    }

    /// <summary>The risk sets of the groups of <paramref name="counts"/>, within each of its strata when <paramref name="stratified"/>.</summary>
    /// <exception cref="InputRuleException">There are fewer than two groups.</exception>
    public static RiskSets Build(CountingTable counts, bool stratified)
    {
        CheckGroups(counts);
        var k = counts.GroupCount;
        var strataCount = stratified ? counts.StratumCount : 1;
        var tables = CellsOf(counts, stratified);
        var groupSizes = new int[k];
        for (var cell = 0; cell < tables.Length; cell++) groupSizes[cell % k] += tables[cell].Subjects;
        var rowBound = 0;
        foreach (var table in tables) rowBound += EventRowCount(table);

        var times = new double[rowBound];
        var atRisk = new int[rowBound * k];
        var deaths = new int[rowBound * k];
        var weighted = counts.Weighted ? (AtRisk: new double[rowBound * k], Deaths: new double[rowBound * k]) : default;
        var stratumStarts = new int[strataCount + 1];
        for (var s = 0; s < strataCount; s++)
            stratumStarts[s + 1] = MergeStratum(tables.AsSpan(s * k, k), times, atRisk, deaths, weighted, stratumStarts[s]);
        var delayedEntry = tables.Any(table => table.Entered.Any(entered => entered > 0));
        return new RiskSets(k, groupSizes, stratified, stratumStarts, times, atRisk, deaths, delayedEntry, weighted.AtRisk, weighted.Deaths)
        {
            Cells = tables,
        };
    }

    /// <summary>
    /// The table of groups <paramref name="first"/> and <paramref name="second"/> alone: their columns at the times
    /// where either has an event. A group's number at risk does not depend on the other groups, so this equals the
    /// table built from the two groups' subjects.
    /// </summary>
    public RiskSets Pair(int first, int second)
    {
        var k = GroupCount;
        var times = new double[RowCount];
        var atRisk = new int[2 * RowCount];
        var deaths = new int[2 * RowCount];
        var stratumStarts = new int[StratumStarts.Length];
        var rows = 0;
        for (var s = 0; s < StratumCount; s++)
        {
            for (var row = StratumStarts[s]; row < StratumStarts[s + 1]; row++)
            {
                if (Deaths[row * k + first] + Deaths[row * k + second] == 0) continue;
                times[rows] = Times[row];
                atRisk[2 * rows] = AtRisk[row * k + first];
                atRisk[2 * rows + 1] = AtRisk[row * k + second];
                deaths[2 * rows] = Deaths[row * k + first];
                deaths[2 * rows + 1] = Deaths[row * k + second];
                rows++;
            }
            stratumStarts[s + 1] = rows;
        }
        return new RiskSets(2, [GroupSizes[first], GroupSizes[second]], Stratified, stratumStarts, times, atRisk, deaths, DelayedEntry);
    }

    private static int EventRowCount(EventTable table)
    {
        var count = 0;
        foreach (var events in table.Events) if (events > 0) count++;
        return count;
    }

    /// <summary>
    /// Walks the groups' tables of one stratum in time order and writes one row per time at which any group has an
    /// event, from <paramref name="row"/> on; returns the row after the last written. A group's number at risk at
    /// time t is that of its first row at or after t, or zero past its last row.
    /// </summary>
    private static int MergeStratum(
        ReadOnlySpan<EventTable> groups, double[] times, int[] atRisk, int[] deaths, (double[]? AtRisk, double[]? Deaths) weighted, int row)
    {
        var k = groups.Length;
        var atOrAfter = new int[k];
        var nextEvent = new int[k];
        while (true)
        {
            var time = double.PositiveInfinity;
            for (var g = 0; g < k; g++)
            {
                var table = groups[g];
                while (nextEvent[g] < table.Count && table.Events[nextEvent[g]] == 0) nextEvent[g]++;
                if (nextEvent[g] < table.Count) time = Math.Min(time, table.Times[nextEvent[g]]);
            }
            if (double.IsPositiveInfinity(time)) return row;

            times[row] = time;
            for (var g = 0; g < k; g++)
            {
                var table = groups[g];
                var i = atOrAfter[g];
                while (i < table.Count && table.Times[i] < time) i++;
                atOrAfter[g] = i;
                if (i == table.Count) continue;
                atRisk[row * k + g] = table.AtRisk[i];
                if (weighted.AtRisk is not null) weighted.AtRisk[row * k + g] = table.Weights!.AtRisk[i];
                if (table.Times[i] != time) continue;
                deaths[row * k + g] = table.Events[i];
                if (weighted.Deaths is not null) weighted.Deaths[row * k + g] = table.Weights!.Events[i];
                nextEvent[g] = i + 1;
            }
            row++;
        }
    }

    private static int[] RowSums(int[] cells, int columns, int rows)
    {
        var sums = new int[rows];
        for (var row = 0; row < rows; row++)
        {
            var sum = 0;
            for (var c = 0; c < columns; c++) sum += cells[row * columns + c];
            sums[row] = sum;
        }
        return sums;
    }
}
