using Survival.Core.Counting;
using Survival.Core.Curves;
using Survival.Core.Inference;

namespace Survival.Core.CompetingRisks;

/// <summary>
/// The Aalen–Johansen estimator of the cumulative incidence of competing causes in one group, with the
/// infinitesimal-jackknife standard errors of R's multi-state <c>survfit</c>.
/// </summary>
public static class AalenJohansen
{
    internal const string CauseCountRequirement = "must be at least 1";
    internal const string LengthRequirement = "must have one entry per time (causes × times for events by cause)";
    internal const string TimesRequirement = "must be finite, ≥ 0 and strictly increasing";
    internal const string CountsRequirement = "must be ≥ 0";
    internal const string AtRiskRequirement =
        "must be the next row's at risk plus the row's events and censorings (the subjects whose time is at or after the row's), and every row must have an event or a censoring";

    /// <summary>
    /// The estimate for group <paramref name="group"/> of a counting table with causes, strata pooled: R's
    /// <c>survfit(Surv(time, factor(status)) ~ 1)</c> on the group's rows, its near-equal times merged as R merges them.
    /// </summary>
    /// <remarks>
    /// With delayed entry, case weights or subjects of several rows the estimate and its infinitesimal-jackknife
    /// standard errors are R's multi-state <c>survfit(Surv(entry, time, state) ~ 1, id = id, weights = w)</c>, read
    /// from the cohort's own rows (<see cref="AalenJohansenJackknife"/>): a subject's influence then depends on its
    /// entry and its other rows as well as its exit.
    /// </remarks>
    /// <exception cref="InputRuleException">The table has no causes.</exception>
    public static CumulativeIncidenceCurve Estimate(CountingTable counts, int group, ConfidenceType type, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.CauseCount == 0) throw new InputRuleException("causes", "must name at least one competing cause");
        if (counts.Rows is { } rows && (counts.Weighted || !rows.Survival.EntryTimes.IsEmpty || rows.Ids is not null))
            return FromRows(AalenJohansenJackknife.Estimate(rows, group, counts.CauseCount), type, level);
        var table = counts.GroupTable(group);
        var byCause = Enumerable.Range(0, counts.CauseCount).Select(c => counts.GroupCauseTable(group, c)).ToArray();
        if (TimeFix.RunStarts([table]) is { } starts)
        {
            table = table.MergeTimes(starts);
            byCause = [.. byCause.Select(t => t.MergeTimes(starts))];
        }
        var events = new int[table.Count * byCause.Length];
        for (var c = 0; c < byCause.Length; c++)
            for (var row = 0; row < table.Count; row++) events[row * byCause.Length + c] = byCause[c].Events[row];
        return Estimate(table.Times, table.AtRisk, events, table.Censored, byCause.Length, type, level);
    }

    /// <summary>Estimates the cumulative incidence of each cause from the counts at each distinct time of one group.</summary>
    /// <param name="times">The distinct observed times, increasing.</param>
    /// <param name="atRisk">n_j, subjects whose time is ≥ t_j (censorings tied with events stay at risk).</param>
    /// <param name="eventsByCause">d_jc row-major: <c>eventsByCause[j * causeCount + c − 1]</c> events of cause c at t_j.</param>
    /// <param name="censored">c_j, censorings at t_j.</param>
    /// <param name="causeCount">K, the number of causes.</param>
    /// <param name="type">The transformation of the pointwise intervals (R's default for multi-state fits is log).</param>
    /// <param name="level">The confidence level.</param>
    /// <remarks>
    /// With d_j = Σ_c d_jc and S the all-cause Kaplan–Meier estimate (Aalen &amp; Johansen 1978):
    /// <code>
    /// S(t_j)   = S(t_{j−1}) (1 − d_j/n_j)
    /// F_c(t_j) = F_c(t_{j−1}) + S(t_{j−1}) d_jc/n_j
    /// </code>
    /// The variance is the infinitesimal jackknife, Σ_i (∂F_c(t)/∂w_i)² over subjects i with case weights w at 1,
    /// which is R's <c>survfit</c> default for multi-state data. Subjects who leave at the same row in the same way
    /// have the same derivative, so the sum runs over rows: with g_l = d_l/(n_l(n_l − d_l)) (0 where n_l = d_l),
    /// A(m) = Σ_{l≤m} g_l, B_c(m) = Σ_{l≤m} g_l F_c(t_l), C_c(m) = Σ_{l≤m} S(t_{l−1}) d_lc/n_l², a subject still at
    /// risk after t_j has derivative E_c(j) = F_c(t_j) A(j) − B_c(j) − C_c(j), and one leaving at row m ≤ j in state
    /// s (0 censored) has α + β F_c(t_j) with β = A(m) − [s ≠ 0]/(n_m − d_m) and
    /// α = −B_c(m) − C_c(m) + [s = c] S(t_{m−1})/n_m + [s ≠ 0] F_c(t_m)/(n_m − d_m) (the 1/(n_m − d_m) terms are 0
    /// where n_m = d_m). Var F_c(t_j) = Σ_{m≤j,s} count·(α + β F_c(t_j))² + (n_j − d_j − c_j) E_c(j)², kept as three
    /// running sums so the whole curve costs O(rows × K). For S the same derivation gives Greenwood's
    /// se = S·sqrt(A) (0 once S = 0), as R. The interval is <see cref="SurvivalConfidenceInterval"/> applied to the
    /// state probability with σ = se/p, as R's <c>survfit_confint(logse = FALSE)</c>; where p = 0 the plain interval
    /// is [0, 0] and the others are not estimable, as in R.
    /// Delayed entry is not supported: subjects leave the risk set only by an event or a censoring.
    /// </remarks>
    /// <exception cref="InputRuleException">The counts are not those of one group's distinct times.</exception>
    public static CumulativeIncidenceCurve Estimate(
        ReadOnlySpan<double> times,
        ReadOnlySpan<int> atRisk,
        ReadOnlySpan<int> eventsByCause,
        ReadOnlySpan<int> censored,
        int causeCount,
        ConfidenceType type,
        ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        Check(times, atRisk, eventsByCause, censored, causeCount);
        var rows = times.Length;
        var survival = new double[rows];
        var survivalStdError = new double[rows];
        var incidence = new double[causeCount][];
        var incidenceStdError = new double[causeCount][];
        for (var c = 0; c < causeCount; c++)
        {
            incidence[c] = new double[rows];
            incidenceStdError[c] = new double[rows];
        }

        double s = 1, a = 0, p2 = 0;
        var f = new double[causeCount];
        var b = new double[causeCount];
        var cc = new double[causeCount];
        var p0 = new double[causeCount];
        var p1 = new double[causeCount];
        for (var j = 0; j < rows; j++)
        {
            double n = atRisk[j], sPrevious = s;
            var events = eventsByCause.Slice(j * causeCount, causeCount);
            var d = 0;
            foreach (var e in events) d += e;
            for (var c = 0; c < causeCount; c++)
            {
                f[c] += sPrevious * events[c] / n;
                cc[c] += sPrevious * events[c] / (n * n);
            }
            s = sPrevious * (1 - d / n);
            var survivors = n - d;
            var leaveAfterEvent = survivors > 0 ? 1 / survivors : 0;
            if (survivors > 0)
            {
                var g = d / (n * survivors);
                a += g;
                for (var c = 0; c < causeCount; c++) b[c] += g * f[c];
            }

            AddLeavers(censored[j], state: 0);
            for (var state = 1; state <= causeCount; state++) AddLeavers(events[state - 1], state);

            var remaining = survivors - censored[j];
            for (var c = 0; c < causeCount; c++)
            {
                var stillAtRisk = f[c] * a - b[c] - cc[c];
                var variance = p0[c] + 2 * f[c] * p1[c] + f[c] * f[c] * p2 + remaining * stillAtRisk * stillAtRisk;
                incidence[c][j] = f[c];
                incidenceStdError[c][j] = Math.Sqrt(Math.Max(0, variance));
            }
            survival[j] = s;
            survivalStdError[j] = s * Math.Sqrt(a);

            void AddLeavers(int count, int state)
            {
                if (count == 0) return;
                var beta = state == 0 ? a : a - leaveAfterEvent;
                p2 += count * beta * beta;
                for (var c = 0; c < causeCount; c++)
                {
                    var alpha = -b[c] - cc[c];
                    if (state != 0) alpha += f[c] * leaveAfterEvent;
                    if (state == c + 1) alpha += sPrevious / n;
                    p0[c] += count * alpha * alpha;
                    p1[c] += count * alpha * beta;
                }
            }
        }

        var causes = new StateProbability[causeCount];
        for (var c = 0; c < causeCount; c++) causes[c] = State(incidence[c], incidenceStdError[c], type, level);
        return new CumulativeIncidenceCurve(
            times.ToArray().Own(),
            atRisk.ToArray().Own(),
            State(survival, survivalStdError, type, level),
            causes.Own(),
            type,
            level);
    }

    private static CumulativeIncidenceCurve FromRows(AalenJohansenJackknife jackknife, ConfidenceType type, ConfidenceLevel level)
    {
        var survival = jackknife.Survival;
        var survivalStdError = survival.Select((s, j) => s > 0 ? s * Math.Sqrt(jackknife.LogSurvivalVariance[j]) : 0).ToArray();
        return new CumulativeIncidenceCurve(
            jackknife.Times.Own(),
            jackknife.AtRisk.Own(),
            State(survival, survivalStdError, type, level),
            [.. jackknife.Incidence.Select((f, c) => State(f, [.. jackknife.IncidenceVariance[c].Select(Math.Sqrt)], type, level))],
            type,
            level);
    }

    private static StateProbability State(double[] probability, double[] stdError, ConfidenceType type, ConfidenceLevel level)
    {
        var lower = new double?[probability.Length];
        var upper = new double?[probability.Length];
        for (var j = 0; j < probability.Length; j++)
        {
            var p = probability[j];
            // A state not yet entered has p = 0 and se = 0: R's plain interval is then [0, 0], every other is NA.
            var interval = p == 0 && type == ConfidenceType.Plain
                ? new ConfidenceInterval(0, 0)
                : SurvivalConfidenceInterval.Compute(type, p, stdError[j] == 0 ? 0 : stdError[j] / p, level.Z);
            lower[j] = interval.Lower;
            upper[j] = interval.Upper;
        }
        return new StateProbability(probability.Own(), stdError.Own(), lower.Own(), upper.Own());
    }

    private static void Check(
        ReadOnlySpan<double> times, ReadOnlySpan<int> atRisk, ReadOnlySpan<int> eventsByCause, ReadOnlySpan<int> censored, int causeCount)
    {
        if (causeCount < 1) throw new InputRuleException("causeCount", CauseCountRequirement);
        var rows = times.Length;
        if (atRisk.Length != rows) throw new InputRuleException("atRisk", LengthRequirement);
        if (censored.Length != rows) throw new InputRuleException("censored", LengthRequirement);
        if (eventsByCause.Length != (long)rows * causeCount) throw new InputRuleException("eventsByCause", LengthRequirement);
        for (var j = 0; j < rows; j++)
        {
            if (!InputRules.IsTime(times[j]) || (j > 0 && times[j] <= times[j - 1]))
                throw new InputRuleException($"times[{j}]", TimesRequirement);
            if (censored[j] < 0) throw new InputRuleException($"censored[{j}]", CountsRequirement);
            long leaving = censored[j];
            for (var c = 0; c < causeCount; c++)
            {
                var e = eventsByCause[j * causeCount + c];
                if (e < 0) throw new InputRuleException($"eventsByCause[{j * causeCount + c}]", CountsRequirement);
                leaving += e;
            }
            var next = j + 1 < rows ? atRisk[j + 1] : 0;
            if (leaving == 0 || atRisk[j] != next + leaving) throw new InputRuleException($"atRisk[{j}]", AtRiskRequirement);
        }
    }
}
