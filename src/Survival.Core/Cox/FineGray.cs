using Survival.Core.Counting;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// The Fine–Gray model's data: the rows expanded into the weighted (start, stop] rows on which an ordinary weighted
/// Cox model is the subdistribution hazard model of one cause, as R's <c>finegray()</c> writes them for
/// <c>coxph(Surv(fgstart, fgstop, fgstatus) ~ ..., weights = fgwt)</c>.
/// </summary>
/// <remarks>
/// Fine &amp; Gray (1999); the weighting of Geskus (2011). The subdistribution hazard of cause k is that of the time
/// to a k event, with subjects who had a competing event kept in the risk set for ever. Under independent censoring
/// with censoring survival G, such a subject i (competing event at Tᵢ) counts at t &gt; Tᵢ with weight
/// G(t−)/G(Tᵢ−), the chance it would still be uncensored. G is the Kaplan–Meier estimate of the censoring times within
/// each stratum, an event tied with a censoring counting as before it; with delayed entry it is multiplied by the
/// Lynden-Bell estimate of the entry distribution, H(t) = Π_{s ≥ t} (1 − entries(s)/at risk(s)) in reversed time
/// (Geskus 2011, §3). The weight is a step function, so a competing subject's row is extended to the end of the
/// censoring interval its event falls in with weight 1, and continued by one row per later interval that holds an
/// event of the cause of interest (the other intervals add nothing to the likelihood), with weight
/// W(interval start)/W(Tᵢ−), W = G·H. Rows of the cause of interest and censored rows are kept as they are; the status
/// of every row is 1 for an event of the cause of interest and 0 otherwise; case weights multiply.
/// </remarks>
internal static class FineGray
{
    /// <summary>The expanded data, each row's source row, and the status of the cause of interest.</summary>
    /// <param name="data">The rows, with their causes; every row its own subject, or the rows of one id contiguous in time.</param>
    /// <param name="cause">The cause of interest.</param>
    /// <exception cref="InputRuleException">No event has the cause, or an id's rows have gaps or an event before their last.</exception>
    public static CoxRegressionData Expand(CoxRegressionData data, string cause)
    {
        var causes = data.Causes ?? throw new InputRuleException("cause_of_interest", "needs the causes of the events (a competing-risks cohort)");
        var causeCode = causes.Levels.IndexOf(cause);
        if (cause.Length == 0 || causeCode < 0) throw new InputRuleException("cause_of_interest", CoxRegressionRules.CauseOfInterestRequirement);
        var survival = data.Survival;
        var n = survival.Count;
        var (first, last) = Ends(data);
        var (start, stop) = Interval(survival);
        var status = new int[n];
        var events = survival.Events.Span;
        for (var i = 0; i < n; i++) status[i] = !events[i] ? 0 : causes.Codes[i] == causeCode ? 1 : 2;

        var rows = new List<int>();
        var starts = new List<double>();
        var stops = new List<double>();
        var weights = new List<double>();
        var strataCount = data.Strata?.LevelCount ?? 1;
        for (var s = 0; s < strataCount; s++)
        {
            var members = Enumerable.Range(0, n).Where(i => data.Strata is null || data.Strata.Codes[i] == s).ToArray();
            if (members.Length == 0) continue;
            var (cut, probability) = WeightSteps(members, start, stop, status, first, last);
            ExpandStratum(members, start, stop, status, last, cut, probability, rows, starts, stops, weights);
        }

        var source = rows.ToArray();
        var userWeights = survival.Weights.Span;
        var weight = new double[source.Length];
        var isEvent = new bool[source.Length];
        for (var k = 0; k < source.Length; k++)
        {
            weight[k] = weights[k] * (userWeights.IsEmpty ? 1 : userWeights[source[k]]);
            // Only rows of the cause of interest, never extended, are events.
            isEvent[k] = status[source[k]] == 1;
        }
        var expanded = SurvivalData.Create([.. starts], [.. stops], isEvent).WithWeights(weight);
        var ids = data.Ids?.Select(source) ?? Factor.Create([.. source.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        return CoxRegressionData.Create(expanded, [.. data.Terms.Select(t => t.Select(source))], data.Strata?.Select(source), ids);
    }

    /// <summary>Each row's (start, stop], merged as R's timefix merges them, with R's start for rows that have none.</summary>
    /// <remarks>Without entry times R starts every row at 0, or at 2·min(time) − 1 when some time is 0, so that it is before every time.</remarks>
    private static (double[] Start, double[] Stop) Interval(SurvivalData survival)
    {
        var times = survival.Times.ToArray();
        double[] starts;
        if (survival.EntryTimes.IsEmpty)
        {
            var earliest = times.Min();
            starts = Enumerable.Repeat(earliest > 0 ? 0 : 2 * earliest - 1, times.Length).ToArray();
        }
        else starts = survival.EntryTimes.ToArray();
        var distinct = starts.Concat(times).Distinct().Order().ToArray();
        if (TimeFix.RunStartsOfDistinct(distinct) is { } runs)
        {
            for (var i = 0; i < times.Length; i++) (starts[i], times[i]) = (TimeFix.RunStartOf(runs, starts[i]), TimeFix.RunStartOf(runs, times[i]));
        }
        return (starts, times);
    }

    /// <summary>Whether each row is its subject's first and last; with ids, checks that a subject's rows follow one another.</summary>
    private static (bool[] First, bool[] Last) Ends(CoxRegressionData data)
    {
        var n = data.Survival.Count;
        var (first, last) = (new bool[n], new bool[n]);
        if (data.Ids is not { } ids)
        {
            Array.Fill(first, true);
            Array.Fill(last, true);
            return (first, last);
        }
        var times = data.Survival.Times.ToArray();
        var entries = data.Survival.EntryTimes.Span;
        var events = data.Survival.Events.Span;
        var byId = Enumerable.Range(0, n).OrderBy(i => ids.Codes[i]).ThenBy(i => times[i]).ToArray();
        for (var k = 0; k < n; k++)
        {
            var i = byId[k];
            first[i] = k == 0 || ids.Codes[byId[k - 1]] != ids.Codes[i];
            last[i] = k == n - 1 || ids.Codes[byId[k + 1]] != ids.Codes[i];
            if (last[i]) continue;
            var next = byId[k + 1];
            if (events[i]) throw new InputRuleException("ids", "must give each subject's event on its last row: R's finegray refuses an event before the last");
            if (entries.IsEmpty || entries[next] != times[i]) throw new InputRuleException("ids", "must give each subject's rows without gaps (each starting where the one before stops)");
        }
        return (first, last);
    }

    /// <summary>
    /// The weight function W = G·H of one stratum as steps: W's value on each interval ending at <c>cut[j]</c> is
    /// <c>probability[j]</c>, the first interval (−∞, cut[0]] having W = 1, and the last interval ending at the stratum's
    /// latest time.
    /// </summary>
    /// <remarks>
    /// On the ranks of the distinct (start, stop) values, with every event's stop moved just before its rank so that a
    /// censoring at an event's time follows the event; G is the product-limit estimate of the last rows' censorings
    /// among the rows at risk (start &lt; t ≤ stop), H the reversed-time estimate of the first rows' entries.
    /// </remarks>
    private static (double[] Cut, double[] Probability) WeightSteps(int[] members, double[] start, double[] stop, int[] status, bool[] first, bool[] last)
    {
        var values = members.SelectMany(i => new[] { start[i], stop[i] }).Distinct().Order().ToArray();
        double Rank(double value) => Array.BinarySearch(values, value) + 1;
        var startRank = members.Select(i => Rank(start[i])).ToArray();
        var stopRank = members.Select(i => Rank(stop[i]) - (status[i] != 0 ? 0.2 : 0)).ToArray();
        var (sortedStarts, sortedStops) = (startRank.Order().ToArray(), stopRank.Order().ToArray());

        // G after its jump at each censoring rank, over the rows at risk there (start < c ≤ stop).
        var censorJumps = new List<(double Rank, double G)>();
        var g = 1.0;
        var censorings = members.Select((i, k) => (Rank: stopRank[k], Censored: last[i] && status[i] == 0)).Where(c => c.Censored)
            .GroupBy(c => c.Rank).OrderBy(c => c.Key);
        foreach (var censoring in censorings)
        {
            double atRisk = CountBelow(sortedStarts, censoring.Key) - CountBelow(sortedStops, censoring.Key);
            g *= 1 - censoring.Count() / atRisk;
            censorJumps.Add((censoring.Key, g));
        }

        var earliestStop = members.Min(i => stop[i]);
        var delayed = members.Where(i => first[i]).Any(i => start[i] > earliestStop);
        if (!delayed) return ([.. censorJumps.Select(c => values[(int)c.Rank - 1])], [.. censorJumps.Select(c => c.G)]);

        // H in reversed time, from the latest entry: the first rows' entries are its events, the rows with start ≤ s < stop its risk set.
        var entryJumps = new List<(double Rank, double H)>();
        var h = 1.0;
        var entryGroups = members.Select((i, k) => (Rank: startRank[k], First: first[i])).Where(e => e.First)
            .GroupBy(e => e.Rank).OrderByDescending(e => e.Key);
        foreach (var entry in entryGroups)
        {
            double atRisk = CountAtOrBelow(sortedStarts, entry.Key) - CountAtOrBelow(sortedStops, entry.Key);
            h *= 1 - entry.Count() / atRisk;
            entryJumps.Add((entry.Key, h));
        }
        // H on [d_k, d_{k+1}) is the product over the entries after d_k: the next entry's value, 1 after the last.
        entryJumps.Reverse();
        var entryRanks = entryJumps.Select(e => e.Rank).ToArray();
        var entryProbability = entryJumps.Skip(1).Select(e => e.H).Append(1.0).ToArray();
        var censorRanks = censorJumps.Select(c => c.Rank).ToArray();
        var changes = entryRanks.Concat(censorRanks).Distinct().Order().ToArray();
        var cut = new double[changes.Length];
        var probability = new double[changes.Length];
        for (var j = 0; j < changes.Length; j++)
        {
            var entryIndex = CountAtOrBelow(entryRanks, changes[j]);
            var censorIndex = CountAtOrBelow(censorRanks, changes[j]);
            cut[j] = values[(int)Math.Ceiling(changes[j]) - 1];
            probability[j] = (entryIndex == 0 ? 0 : entryProbability[entryIndex - 1]) * (censorIndex == 0 ? 1 : censorJumps[censorIndex - 1].G);
        }
        return (cut, probability);
    }

    private static int CountBelow(double[] ascending, double value)
    {
        var index = Array.BinarySearch(ascending, value);
        if (index < 0) return ~index;
        while (index > 0 && ascending[index - 1] == value) index--;
        return index;
    }

    private static int CountAtOrBelow(double[] ascending, double value)
    {
        var index = Array.BinarySearch(ascending, value);
        if (index < 0) return ~index;
        while (index + 1 < ascending.Length && ascending[index + 1] == value) index++;
        return index + 1;
    }

    /// <summary>Writes one stratum's rows: each as it is, a competing event's extended over the weight's later steps.</summary>
    private static void ExpandStratum(
        int[] members, double[] start, double[] stop, int[] status, bool[] last, double[] cut, double[] probability,
        List<int> rows, List<double> starts, List<double> stops, List<double> weights)
    {
        var latest = members.Max(i => stop[i]);
        var ends = cut.Append(latest).ToArray();
        var weight = probability.Prepend(1.0).ToArray();
        // An interval after the first adds a row only when an event of the cause of interest falls in it.
        var keep = new bool[ends.Length];
        foreach (var t in members.Where(i => status[i] == 1).Select(i => stop[i]).Distinct())
        {
            var j = FirstAtOrAfter(ends, t);
            if (j < ends.Length) keep[j] = true;
        }
        foreach (var i in members)
        {
            if (status[i] != 2 || !last[i])
            {
                Add(i, start[i], stop[i], 1);
                continue;
            }
            var j = FirstAtOrAfter(ends, stop[i]);
            Add(i, start[i], ends[j], 1);
            var own = weight[j];
            for (j++; j < ends.Length; j++)
            {
                if (keep[j]) Add(i, ends[j - 1], ends[j], weight[j] / own);
            }
        }

        static int FirstAtOrAfter(double[] ascending, double value) => CountBelow(ascending, value);

        void Add(int row, double from, double to, double w)
        {
            rows.Add(row);
            starts.Add(from);
            stops.Add(to);
            weights.Add(w);
        }
    }
}
