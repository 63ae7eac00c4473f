namespace Survival.Core.Cox;

/// <summary>
/// A subject's concordance partners (their weight sums) among some subjects of its stratum: as the event, those still
/// at risk at its time; as the one at risk, the events while it is.
/// </summary>
internal readonly record struct CoxConcordancePartners(double AsEvent, double AsAtRisk)
{
    /// <summary>The partners of a subject at time t among subjects counted by time and entry.</summary>
    /// <param name="isEvent">Whether the subject's time is an event.</param>
    /// <param name="later">The weight sums of all of them and of their events at times later than t.</param>
    /// <param name="at">The same at t itself.</param>
    /// <param name="enteredAtOrAfter">With delayed entry, the weight of those who entered at or after t; 0 without.</param>
    /// <param name="eventsAfterEntry">The weight of their events later than the subject's entry (all of them without delayed entry).</param>
    public static CoxConcordancePartners Of(
        bool isEvent, (double All, double Events) later, (double All, double Events) at, double enteredAtOrAfter, double eventsAfterEntry)
    {
        // As the event: those at a later time or censored at t, less those who entered at or after t.
        var asEvent = isEvent ? later.All + at.All - at.Events - enteredAtOrAfter : 0;
        // As the one at risk: the events at an earlier time but after its entry, and at t itself when censored.
        var asAtRisk = eventsAfterEntry - later.Events - (isEvent ? at.Events : 0);
        return new CoxConcordancePartners(asEvent, asAtRisk);
    }

    /// <summary>The partners in <paramref name="a"/> that are not in <paramref name="b"/>, for b among a.</summary>
    public static CoxConcordancePartners operator -(CoxConcordancePartners a, CoxConcordancePartners b) =>
        new(a.AsEvent - b.AsEvent, a.AsAtRisk - b.AsAtRisk);
}
