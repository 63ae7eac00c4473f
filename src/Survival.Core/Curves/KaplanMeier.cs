using Survival.Core.CompetingRisks;
using Survival.Core.Counting;

namespace Survival.Core.Curves;

/// <summary>The Kaplan–Meier product-limit estimator with Greenwood's variance and the Nelson–Aalen cumulative hazard.</summary>
public static class KaplanMeier
{
    /// <summary>Estimates the survival curve of one sample.</summary>
    /// <remarks>
    /// At each distinct time t_j with n_j at risk and d_j events (censorings tied with events stay at risk):
    /// <code>
    /// S(t)          = Π_{t_j ≤ t} (1 − d_j/n_j)                       Kaplan &amp; Meier (1958)
    /// se(log S(t))  = sqrt( Σ_{t_j ≤ t} d_j / (n_j (n_j − d_j)) )     Greenwood (1926); +∞ once n_j = d_j
    /// H(t)          = Σ_{t_j ≤ t} d_j / n_j                            Nelson (1972), Aalen (1978)
    /// se(H(t))      = sqrt( Σ_{t_j ≤ t} d_j / n_j² )
    /// </code>
    /// These are R survival's <c>survfit(Surv(time, status) ~ 1)</c> <c>surv</c>, <c>std.err</c>,
    /// <c>cumhaz</c> and <c>std.chaz</c>.
    /// </remarks>
    public static KaplanMeierCurve Estimate(SurvivalData data) => Estimate(CountingTable.FromSubjects(data), 0);

    /// <summary>Estimates the survival curve of group <paramref name="group"/> of a counting table, over all its strata.</summary>
    /// <remarks>
    /// The group's near-equal times are merged first, as R's <c>survfit</c> on the group's rows merges them
    /// (<see cref="TimeFix"/>).
    /// </remarks>
    /// <remarks>
    /// With delayed entry and weights that are not whole, or a subject of several rows with more than one event, R's
    /// variance is the infinitesimal jackknife over subjects whose influence depends on their entry and their other
    /// rows too: it is read from the cohort's own rows (<see cref="AalenJohansenJackknife"/>), the estimate from the table.
    /// </remarks>
    public static KaplanMeierCurve Estimate(CountingTable counts, int group)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return Estimate(counts, group, counts.GroupTable(group).WithTimeFix());
    }

    /// <summary>The curve of group <paramref name="group"/> from its table already pooled and time-fixed, <paramref name="table"/>.</summary>
    internal static KaplanMeierCurve Estimate(CountingTable counts, int group, EventTable table)
    {
        var curve = Estimate(table);
        if (counts.Rows is not { } rows || !rows.NeedForRobustVariance(counts.RobustVariance)) return curve;
        var jackknife = AalenJohansenJackknife.Estimate(rows, group, causes: 1);
        // R's influence on S itself is 0 once S is 0.
        return curve with
        {
            StdErrLogSurvival = [.. jackknife.LogSurvivalVariance.Select((v, j) => curve.Survival[j] > 0 ? Math.Sqrt(v) : 0)],
            CumulativeHazardStdErr = [.. jackknife.CumulativeHazardVariance.Select(Math.Sqrt)],
        };
    }

    /// <summary>The curve of one table: one row per time at which a subject leaves, as R's <c>survfit</c>.</summary>
    /// <remarks>
    /// With delayed entry (R's <c>Surv(entry, time, status)</c>) n_j counts the subjects entered before t_j and leaving
    /// at or after it; times at which subjects only enter give no row, and their entries are reported with the next row
    /// (<see cref="KaplanMeierCurve.Entered"/>).
    /// <para>
    /// With case weights w_i (R's <c>survfit(..., weights = w)</c>) n_j and d_j are the sums of the weights of those at
    /// risk and of the events. Whole weights are frequencies and the variances are the formulas above on the weighted
    /// sums, as R computes them. When some weight is not whole, R's default is the infinitesimal jackknife (robust)
    /// variance Var θ = Σ_i w_i² (∂θ/∂w_i)², which <see cref="InfinitesimalJackknife"/> sums over the table's rows.
    /// </para>
    /// </remarks>
    internal static KaplanMeierCurve Estimate(EventTable table)
    {
        var rows = 0;
        for (var j = 0; j < table.Count; j++) if (table.Events[j] + table.Censored[j] > 0) rows++;
        var times = new double[rows];
        var atRisk = new int[rows];
        var events = new int[rows];
        var censored = new int[rows];
        var entered = new int[rows];
        var survival = new double[rows];
        var stdErrLog = new double[rows];
        var cumulativeHazard = new double[rows];
        var cumulativeHazardStdErr = new double[rows];
        var weights = table.Weights;
        var weightedAtRisk = weights is null ? null : new double[rows];
        var weightedEvents = weights is null ? null : new double[rows];
        var jackknife = weights is { Robust: true } ? new InfinitesimalJackknife(weights) : null;

        double s = 1, greenwood = 0, hazard = 0, hazardVariance = 0;
        var (row, pendingEntries) = (0, 0);
        for (var j = 0; j < table.Count; j++)
        {
            if (table.Events[j] + table.Censored[j] == 0)
            {
                pendingEntries += table.Entered[j];
                continue;
            }
            double n = weights?.AtRisk[j] ?? table.AtRisk[j], d = weights?.Events[j] ?? table.Events[j];
            if (d > 0)
            {
                s *= 1 - d / n;
                greenwood = n > d ? greenwood + d / (n * (n - d)) : double.PositiveInfinity;
                hazard += d / n;
                hazardVariance += d / (n * n);
            }
            times[row] = table.Times[j];
            atRisk[row] = table.AtRisk[j];
            events[row] = table.Events[j];
            censored[row] = table.Censored[j];
            entered[row] = pendingEntries;
            survival[row] = s;
            if (jackknife is null)
            {
                stdErrLog[row] = Math.Sqrt(greenwood);
                cumulativeHazardStdErr[row] = Math.Sqrt(hazardVariance);
            }
            else
            {
                jackknife.Add(j);
                // R's influence on S itself is 0 once S is 0.
                stdErrLog[row] = s > 0 ? Math.Sqrt(jackknife.LogSurvival) : 0;
                cumulativeHazardStdErr[row] = Math.Sqrt(jackknife.CumulativeHazard);
            }
            cumulativeHazard[row] = hazard;
            if (weights is not null)
            {
                weightedAtRisk![row] = n;
                weightedEvents![row] = d;
            }
            // Those entering now are at risk only after now: they belong to the next row.
            pendingEntries = table.Entered[j];
            row++;
        }

        return new KaplanMeierCurve(
            times.Own(),
            atRisk.Own(),
            events.Own(),
            censored.Own(),
            survival.Own(),
            stdErrLog.Own(),
            cumulativeHazard.Own(),
            cumulativeHazardStdErr.Own(),
            entered.Own())
        {
            WeightedAtRisk = weightedAtRisk?.Own() ?? default,
            WeightedEvents = weightedEvents?.Own() ?? default,
        };
    }
}
