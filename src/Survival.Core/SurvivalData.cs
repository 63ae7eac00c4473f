namespace Survival.Core;

/// <summary>Right-censored survival data: one time and one event indicator per subject, checked on creation.</summary>
/// <remarks>
/// <c>Events[i]</c> is true when the event was observed at <c>Times[i]</c> and false when the subject was
/// right-censored then, as R's <c>Surv(time, status)</c>.
/// </remarks>
public sealed class SurvivalData
{
    private SurvivalData(ReadOnlyMemory<double> times, ReadOnlyMemory<bool> events)
    {
        Times = times;
        Events = events;
    }

    /// <summary>Follow-up time of each subject.</summary>
    public ReadOnlyMemory<double> Times { get; }

    /// <summary>Whether each subject's event was observed (true) or censored (false).</summary>
    public ReadOnlyMemory<bool> Events { get; }

    /// <summary>Number of subjects.</summary>
    public int Count => Times.Length;

    /// <summary>Copies and checks the data.</summary>
    /// <exception cref="ArgumentException">The spans differ in length or are empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative, NaN or infinite.</exception>
    public static SurvivalData Create(ReadOnlySpan<double> times, ReadOnlySpan<bool> events) =>
        Adopt(times.ToArray(), events.ToArray());

    /// <summary>The subjects at <paramref name="rows"/>, in that order.</summary>
    public SurvivalData Subset(ReadOnlySpan<int> rows)
    {
        var times = new double[rows.Length];
        var events = new bool[rows.Length];
        var allTimes = Times.Span;
        var allEvents = Events.Span;
        for (var i = 0; i < rows.Length; i++)
        {
            times[i] = allTimes[rows[i]];
            events[i] = allEvents[rows[i]];
        }
        return Adopt(times, events);
    }

    /// <summary>
    /// The same subjects with events and censorings swapped: the data of the censoring distribution, from which the
    /// reverse Kaplan–Meier estimate of follow-up is made.
    /// </summary>
    public SurvivalData WithEventsReversed()
    {
        var reversed = new bool[Count];
        var events = Events.Span;
        for (var i = 0; i < reversed.Length; i++) reversed[i] = !events[i];
        return new SurvivalData(Times, reversed);
    }

    /// <summary>Checks the arrays and takes ownership of them without copying; callers must not change them afterwards.</summary>
    internal static SurvivalData Adopt(double[] times, bool[] events)
    {
        if (times.Length != events.Length)
            throw new ArgumentException($"times has {times.Length} values but events has {events.Length}", nameof(events));
        if (times.Length == 0)
            throw new ArgumentException("at least one subject is needed", nameof(times));
        for (var i = 0; i < times.Length; i++)
        {
            if (!InputRules.IsTime(times[i]))
                throw new ArgumentOutOfRangeException(nameof(times), $"times[{i}] {InputRules.TimeRequirement}");
        }
        return new SurvivalData(times, events);
    }
}
