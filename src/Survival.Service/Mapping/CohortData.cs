using Survival.Core;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.IntervalCensoring;

namespace Survival.Service.Mapping;

/// <summary>A validated cohort in the engine's terms: its counting table, and where the request named its groups and strata.</summary>
/// <param name="Counts">The counting table every statistic reads.</param>
/// <param name="TimeUnit">The unit of the times, for labels.</param>
/// <param name="DataField">The field that carried the data (<c>cohort.subjects</c>, <c>cohort.columns</c> or <c>cohort.counts</c>).</param>
/// <param name="GroupFields">For each group label, the first field that names it, so that a rule about a group points there.</param>
/// <param name="EmptyStratumFields">The first fields that leave a subject's stratum empty, which a stratified comparison rejects.</param>
internal sealed record CohortData(
    CountingTable Counts,
    string TimeUnit,
    string DataField,
    IReadOnlyDictionary<string, string> GroupFields,
    IReadOnlyList<FieldPath> EmptyStratumFields)
{
    /// <summary>
    /// The interval-censored table when any subject or row gave an interval (every subject is then in it, and
    /// <see cref="Counts"/> holds the same subjects at their intervals' right ends, for the rules about groups); null otherwise.
    /// </summary>
    public IntervalCountingTable? Intervals { get; init; }
}
