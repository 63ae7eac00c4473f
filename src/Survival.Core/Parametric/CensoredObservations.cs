using Survival.Core.Counting;

namespace Survival.Core.Parametric;

/// <summary>
/// What a parametric likelihood reads of each subject: the kind of observation (exact, right-, left- or
/// interval-censored), its time or interval, an optional delayed-entry time and an optional case weight; checked on
/// creation.
/// </summary>
/// <remarks>
/// Subject i contributes w_i·[log L_i − log S(e_i)], L_i one of f(t), S(t), F(t) = 1 − S(t), S(l) − S(r)
/// (<see cref="CensoringKind"/>) and e_i its entry time (0: at risk from the origin, S(0) = 1). R's
/// <c>Surv(l, r, type = "interval2")</c> maps onto these as <c>survreg</c> reads it: l = r exact, r = ∞ right-censored
/// at l, l = 0 or missing left-censored at r, otherwise interval (l, r].
/// </remarks>
public sealed class CensoredObservations
{
    private CensoredObservations(CensoringKind[] kinds, double[] lower, double[]? upper, double[]? entries, double[]? weights)
    {
        Kinds = kinds;
        Lower = lower;
        Upper = upper;
        Entries = entries;
        Weights = weights;
    }

    /// <summary>The number of subjects.</summary>
    public int Count => Kinds.Length;

    internal CensoringKind[] Kinds { get; }

    /// <summary>The time of an exact, right- or left-censored observation; the lower end l of an interval.</summary>
    internal double[] Lower { get; }

    /// <summary>The upper end r of each interval (unused for the other kinds); null when no observation is an interval.</summary>
    internal double[]? Upper { get; }

    /// <summary>Delayed-entry times; null when every subject is at risk from 0.</summary>
    internal double[]? Entries { get; }

    /// <summary>Case weights; null when unweighted.</summary>
    internal double[]? Weights { get; }

    /// <summary>Right-censored (and exact) survival data, with its entry times and case weights when it has them.</summary>
    public static CensoredObservations FromSurvivalData(SurvivalData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var events = data.Events.Span;
        var kinds = new CensoringKind[data.Count];
        for (var i = 0; i < kinds.Length; i++) kinds[i] = events[i] ? CensoringKind.Exact : CensoringKind.RightCensored;
        return new CensoredObservations(
            kinds, data.Times.ToArray(), null,
            data.EntryTimes.IsEmpty ? null : data.EntryTimes.ToArray(),
            data.Weights.IsEmpty ? null : data.Weights.ToArray());
    }

    /// <summary>
    /// The kind of the observation R's <c>Surv(left, right, type = "interval2")</c> makes of the interval (left, right]:
    /// left = right exact, right = +∞ right-censored at left, left = 0 left-censored at right, otherwise interval-censored;
    /// with the time of that kind (left, or right when left-censored).
    /// </summary>
    /// <remarks>The bounds have passed <see cref="InputRules.IsIntervalLeft"/> and <see cref="InputRules.IsIntervalRight"/>.</remarks>
    public static (CensoringKind Kind, double Time) KindOf(double left, double right) =>
        left == right ? (CensoringKind.Exact, left)
        : double.IsPositiveInfinity(right) ? (CensoringKind.RightCensored, left)
        : left == 0 ? (CensoringKind.LeftCensored, right)
        : (CensoringKind.Interval, left);

    /// <summary>Subjects given by intervals (left, right], as R's <c>Surv(left, right, type = "interval2")</c> (<see cref="KindOf"/>).</summary>
    /// <param name="left">Left ends, finite and ≥ 0 (0: the event by the right end).</param>
    /// <param name="right">Right ends, ≥ the left end; +∞ for right-censored.</param>
    /// <exception cref="InputRuleException">The lengths differ or a bound breaks its rule.</exception>
    public static CensoredObservations FromIntervals(ReadOnlySpan<double> left, ReadOnlySpan<double> right)
    {
        if (right.Length != left.Length) throw new InputRuleException("right", $"must have one value per subject: it has {right.Length} for {left.Length}");
        var kinds = new CensoringKind[left.Length];
        var lower = new double[left.Length];
        for (var i = 0; i < left.Length; i++)
        {
            if (!InputRules.IsIntervalLeft(left[i])) throw new InputRuleException($"left[{i}]", InputRules.IntervalLeftRequirement);
            if (!InputRules.IsIntervalRight(left[i], right[i])) throw new InputRuleException($"right[{i}]", InputRules.IntervalRightRequirement);
            (kinds[i], lower[i]) = KindOf(left[i], right[i]);
        }
        return Create(kinds, lower, right, [], []);
    }

    /// <summary>Checks and copies observations of any kind.</summary>
    /// <param name="kinds">The kind of each observation.</param>
    /// <param name="lower">The time, or the lower end of an interval: finite and ≥ 0 (&gt; 0 when left-censored).</param>
    /// <param name="upper">The upper end of each interval, finite and &gt; its lower end; other kinds' values are not read. Empty when no observation is an interval.</param>
    /// <param name="entries">Delayed-entry times, finite, ≥ 0 and before the time (or the interval's lower end); empty for none.</param>
    /// <param name="weights">Case weights, finite and &gt; 0; empty for none.</param>
    /// <exception cref="InputRuleException">A length differs or a value breaks its rule; the input is named.</exception>
    public static CensoredObservations Create(
        ReadOnlySpan<CensoringKind> kinds, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper,
        ReadOnlySpan<double> entries, ReadOnlySpan<double> weights)
    {
        var n = kinds.Length;
        if (n == 0) throw new InputRuleException("times", "must contain at least one subject");
        if (lower.Length != n) throw new InputRuleException("lower", $"must have one value per subject: it has {lower.Length} for {n}");
        var anyInterval = false;
        for (var i = 0; i < n; i++)
        {
            if (!Enum.IsDefined(kinds[i])) throw new InputRuleException($"kinds[{i}]", "must be exact, right-, left- or interval-censored");
            if (!InputRules.IsTime(lower[i])) throw new InputRuleException($"lower[{i}]", InputRules.TimeRequirement);
            if (kinds[i] == CensoringKind.LeftCensored && lower[i] == 0)
                throw new InputRuleException($"lower[{i}]", "must be > 0 for a left-censored subject (no event happens by time 0)");
            if (kinds[i] != CensoringKind.Interval) continue;
            anyInterval = true;
            if (upper.Length != n) throw new InputRuleException("upper", $"must have one value per subject: it has {upper.Length} for {n}");
            if (!double.IsFinite(upper[i]) || upper[i] <= lower[i])
                throw new InputRuleException($"upper[{i}]", "must be finite and greater than the interval's lower end");
        }
        if (!entries.IsEmpty)
        {
            if (entries.Length != n) throw new InputRuleException("entries", $"must have one value per subject: it has {entries.Length} for {n}");
            for (var i = 0; i < n; i++)
            {
                if (!InputRules.IsEntryTime(entries[i], lower[i])) throw new InputRuleException($"entries[{i}]", InputRules.EntryTimeRequirement);
            }
        }
        if (!weights.IsEmpty)
        {
            if (weights.Length != n) throw new InputRuleException("weights", $"must have one value per subject: it has {weights.Length} for {n}");
            for (var i = 0; i < n; i++)
            {
                if (!InputRules.IsWeight(weights[i])) throw new InputRuleException($"weights[{i}]", InputRules.WeightRequirement);
            }
        }
        return new CensoredObservations(
            kinds.ToArray(), lower.ToArray(), anyInterval ? upper.ToArray() : null,
            entries.IsEmpty ? null : entries.ToArray(), weights.IsEmpty ? null : weights.ToArray());
    }
}
