using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Requests built from test data.</summary>
public static class Cohorts
{
    public static Cohort From(ReferenceSet set)
    {
        var cohort = new Cohort { TimeUnit = "days" };
        for (var i = 0; i < set.Times.Length; i++)
        {
            cohort.Subjects.Add(new Subject
            {
                Id = $"s{i}",
                Time = set.Times[i],
                Event = set.Events[i],
                Group = set.Groups?[i] ?? "",
                Stratum = set.Strata?[i] ?? "",
            });
        }
        return cohort;
    }

    public static Cohort Of(params (double Time, bool Event)[] subjects)
    {
        var cohort = new Cohort();
        foreach (var (time, @event) in subjects) cohort.Subjects.Add(new Subject { Time = time, Event = @event });
        return cohort;
    }
}
