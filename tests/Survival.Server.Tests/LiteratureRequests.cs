using System.Globalization;
using System.Text.Json;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests;

/// <summary>Requests of the literature RPCs built from the fixtures.</summary>
public static class LiteratureRequests
{
    /// <summary>A round-trip arm as published: its points, and its table and total of events as <paramref name="given"/> says.</summary>
    public static PublishedArm Arm(RoundTripArm arm, PublishedInformation given)
    {
        var curve = arm.Published(given);
        var message = new PublishedArm { Label = arm.Label, Subjects = arm.Subjects };
        message.Points.Add(curve.Points.Select(p => new DigitizedPoint { Time = p.Time, Survival = p.Survival }));
        message.AtRisk.Add(curve.AtRisk.Select(r => new AtRiskCount { Time = r.Time, AtRisk = r.AtRisk }));
        if (curve.TotalEvents is { } events) message.TotalEvents = events;
        return message;
    }

    /// <summary>A one-sample fixture's cohort.</summary>
    public static Cohort Cohort(OneSampleReferenceSet set)
    {
        var cohort = new Cohort { TimeUnit = "months" };
        for (var i = 0; i < set.Times.Length; i++)
        {
            var subject = new Subject { Time = set.Times[i], Event = set.Events[i] };
            if (set.EntryTimes is { } entries) subject.EntryTime = entries[i];
            cohort.Subjects.Add(subject);
        }
        return cohort;
    }

    /// <summary>The proto form of a one-sample fixture's reference.</summary>
    public static ReferenceCurve Reference(JsonElement reference)
    {
        double P(string name) => reference.GetProperty(name).GetDouble();
        var curve = new ReferenceCurve { Label = "Reference" };
        switch (reference.GetProperty("type").GetString())
        {
            case "exponential": curve.Exponential = new ExponentialReference { Median = P("median") }; break;
            case "weibull": curve.Weibull = new WeibullReference { Shape = P("shape"), Scale = P("scale") }; break;
            case "lognormal": curve.LogNormal = new LogNormalReference { Meanlog = P("meanlog"), Sdlog = P("sdlog") }; break;
            case "loglogistic": curve.LogLogistic = new LogLogisticReference { Shape = P("shape"), Scale = P("scale") }; break;
            case "gompertz": curve.Gompertz = new GompertzReference { Shape = P("shape"), Rate = P("rate") }; break;
            default:
                var times = Json.Doubles(reference, "time");
                var survival = Json.Doubles(reference, "survival");
                curve.Points = new ReferencePoints();
                curve.Points.Points.Add(times.Select((t, i) => new DigitizedPoint { Time = t!.Value, Survival = survival[i]!.Value }));
                break;
        }
        return curve;
    }

    /// <summary>examples/veteran.csv, one cohort per cell type with the two treatment arms as groups.</summary>
    public static IReadOnlyList<(string CellType, Cohort Cohort)> VeteranByCellType()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", "veteran.csv");
        var rows = File.ReadAllLines(path).Skip(1).Select(line => line.Split(','));
        return rows.GroupBy(r => r[3]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var cohort = new Cohort { TimeUnit = "days" };
            cohort.Subjects.Add(g.Select(r => new Subject { Time = double.Parse(r[0], CultureInfo.InvariantCulture), Event = r[1] == "1", Group = r[2] }));
            return (g.Key, cohort);
        }).ToArray();
    }
}
