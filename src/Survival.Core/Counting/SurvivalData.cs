namespace Survival.Core.Counting;

/// <summary>
/// Right-censored, possibly left-truncated survival data: one time and one event indicator per subject, and optionally
/// an entry time, checked on creation.
/// </summary>
/// <remarks>
/// <c>Events[i]</c> is true when the event was observed at <c>Times[i]</c> and false when the subject was
/// right-censored then, as R's <c>Surv(time, status)</c>. With entry times the subject is at risk on
/// (<c>EntryTimes[i]</c>, <c>Times[i]</c>], as R's <c>Surv(entry, time, status)</c>.
/// </remarks>
public sealed class SurvivalData
{
    private SurvivalData(
        ReadOnlyMemory<double> times, ReadOnlyMemory<bool> events, ReadOnlyMemory<double> entryTimes = default, ReadOnlyMemory<double> weights = default)
    {
        Times = times;
        Events = events;
        EntryTimes = entryTimes;
        Weights = weights;
    }

    /// <summary>Case weight of each subject (R's <c>weights =</c>); empty when the subjects are unweighted.</summary>
    public ReadOnlyMemory<double> Weights { get; }

    /// <summary>The same subjects with case weights: each finite and > 0.</summary>
    /// <exception cref="InputRuleException">There is not one weight per subject, or a weight breaks <see cref="InputRules.IsWeight"/>.</exception>
    public SurvivalData WithWeights(ReadOnlySpan<double> weights)
    {
        if (weights.Length != Count)
            throw new InputRuleException("weights", $"must have one value per time: it has {weights.Length} for {Count} times");
        for (var i = 0; i < weights.Length; i++)
        {
            if (!InputRules.IsWeight(weights[i])) throw new InputRuleException($"weights[{i}]", InputRules.WeightRequirement);
        }
        return new SurvivalData(Times, Events, EntryTimes, weights.ToArray());
    }

    /// <summary>Delayed entry time of each subject; empty when every subject is at risk from time 0.</summary>
    public ReadOnlyMemory<double> EntryTimes { get; }

    /// <summary>Follow-up time of each subject.</summary>
    public ReadOnlyMemory<double> Times { get; }

    /// <summary>Whether each subject's event was observed (true) or censored (false).</summary>
    public ReadOnlyMemory<bool> Events { get; }

    /// <summary>Number of subjects.</summary>
    public int Count => Times.Length;

    /// <summary>Copies and checks the data.</summary>
    /// <exception cref="InputRuleException">The spans differ in length or are empty.</exception>
    /// <exception cref="InputRuleException">A time is negative, NaN or infinite.</exception>
    public static SurvivalData Create(ReadOnlySpan<double> times, ReadOnlySpan<bool> events) =>
        Adopt(times.ToArray(), events.ToArray());

    /// <summary>Copies and checks left-truncated data: subject i is at risk on (entry_i, time_i].</summary>
    /// <exception cref="InputRuleException">A span's length differs, a time breaks <see cref="InputRules"/>, or an entry is not before its time.</exception>
    public static SurvivalData Create(ReadOnlySpan<double> entryTimes, ReadOnlySpan<double> times, ReadOnlySpan<bool> events)
    {
        var data = Adopt(times.ToArray(), events.ToArray());
        if (entryTimes.Length != times.Length)
            throw new InputRuleException("entry_times", $"must have one value per time: it has {entryTimes.Length} for {times.Length} times");
        for (var i = 0; i < entryTimes.Length; i++)
        {
            if (!InputRules.IsEntryTime(entryTimes[i], times[i])) throw new InputRuleException($"entry_times[{i}]", InputRules.EntryTimeRequirement);
        }
        return new SurvivalData(data.Times, data.Events, entryTimes.ToArray());
    }

    /// <summary>Checks the arrays and takes ownership of them without copying; callers must not change them afterwards.</summary>
    internal static SurvivalData Adopt(double[] times, bool[] events)
    {
        if (times.Length != events.Length)
            throw new InputRuleException("events", $"must have one value per time: it has {events.Length} for {times.Length} times");
        if (times.Length == 0)
            throw new InputRuleException("times", "must contain at least one subject");
        for (var i = 0; i < times.Length; i++)
        {
            if (!InputRules.IsTime(times[i]))
                throw new InputRuleException($"times[{i}]", InputRules.TimeRequirement);
        }
        return new SurvivalData(times, events);
    }
}
