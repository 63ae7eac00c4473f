using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>FitCoxModel requests built from the r-cox fixtures (with entry times where they have them), in the subjects and the columns forms.</summary>
public static class CoxRequests
{
    public static FitCoxModelRequest Subjects(CoxReferenceSet set, string ties)
    {
        var cohort = new Cohort();
        for (var i = 0; i < set.Times.Length; i++)
        {
            var subject = new Subject { Id = $"s{i}", Time = set.Times[i], Event = set.Events[i], Stratum = set.Strata?[i] ?? "" };
            if (set.Entries is { } entries) subject.EntryTime = entries[i];
            foreach (var (name, values) in set.Covariates) subject.Covariates[name] = values[i];
            foreach (var (name, labels) in set.Factors) subject.Factors[name] = labels[i];
            cohort.Subjects.Add(subject);
        }
        return Request(set, ties, cohort);
    }

    public static FitCoxModelRequest Columns(CoxReferenceSet set, string ties)
    {
        var columns = new SubjectColumns { Time = { set.Times }, Event = { set.Events } };
        if (set.Entries is { } entries) columns.EntryTime.Add(entries);
        if (set.Weights is { } weights) columns.Weight.Add(weights);
        foreach (var (name, values) in set.Covariates) columns.Covariates.Add(new NumericColumn { Name = name, Values = { values } });
        foreach (var (name, labels) in set.Factors)
        {
            // Labels in order of first appearance, not sorted: the server must sort them as R does.
            var distinct = labels.Distinct().ToList();
            columns.Factors.Add(new FactorColumn { Name = name, Labels = { distinct }, Codes = { labels.Select(l => (uint)distinct.IndexOf(l)) } });
        }
        if (set.Strata is { } strata)
        {
            var distinct = strata.Distinct().ToList();
            columns.StratumLabels.Add(distinct);
            columns.Stratum.Add(strata.Select(s => (uint)distinct.IndexOf(s)));
        }
        return Request(set, ties, new Cohort { Columns = columns });
    }

    private static FitCoxModelRequest Request(CoxReferenceSet set, string ties, Cohort cohort) => new()
    {
        Cohort = cohort,
        Terms = { set.Terms },
        Ties = ties switch { "breslow" => TieMethod.Breslow, "exact" => TieMethod.Exact, _ => TieMethod.Efron },
        Stratified = set.Strata is not null,
        ConfLevel = set.ConfLevel,
        TestProportionalHazards = ties != "exact",
    };
}
