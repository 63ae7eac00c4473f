using Survival.Core.Counting;

namespace Survival.Core.GroupTests;

/// <summary>The weight function of one test of the weighted log-rank family; a struct so that the test's loop inlines it.</summary>
internal interface ILogRankWeight
{
    /// <summary>w_j at one event time.</summary>
    double At(in EventTimeSummary time);
}
