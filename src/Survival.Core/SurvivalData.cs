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
    /// <exception cref="InputRuleException">The spans differ in length or are empty.</exception>
    /// <exception cref="InputRuleException">A time is negative, NaN or infinite.</exception>
    public static SurvivalData Create(ReadOnlySpan<double> times, ReadOnlySpan<bool> events) =>
        Adopt(times.ToArray(), events.ToArray());

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
