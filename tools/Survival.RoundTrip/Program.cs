using System.Globalization;
using Survival.Core.Reconstruction;
using Survival.TestSupport;

// The round-trip table of docs/reconstruction.md: each R data set's arms rebuilt from their digitised figure, under
// each amount of published information, against R's numbers on the real patients.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var fix = args.Contains("--running-minimum") ? MonotoneFix.RunningMinimum : MonotoneFix.IsotonicRegression;
var given = new (PublishedInformation Given, string Name)[]
{
    (PublishedInformation.AtRiskAndEvents, "at risk + events"),
    (PublishedInformation.AtRiskOnly, "at risk only"),
    (PublishedInformation.EventsOnly, "events only"),
    (PublishedInformation.Neither, "neither"),
};
Console.WriteLine("| data set | role | n (events) | published | max \\|ΔS(t)\\| | mean \\|ΔS\\| at table times | max \\|Δ median\\| (months) | HR real | HR rebuilt | \\|Δ log HR\\| |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var set in RoundTripSet.All)
{
    var size = $"{set.Arms.Sum(a => a.Subjects)} ({set.Arms.Sum(a => a.TotalEvents)})";
    foreach (var (information, name) in given)
    {
        var error = RoundTrip.Measure(set, information, fix);
        var median = double.IsPositiveInfinity(error.MaxMedianError) ? "one not reached" : $"{error.MaxMedianError:0.00}";
        Console.WriteLine($"| {set.Name} | {set.Role} | {size} | {name} | {error.MaxSurvivalError:0.000} | {error.MeanLandmarkError:0.000} | {median} | {error.RealHazardRatio:0.000} | {error.HazardRatio:0.000} | {error.LogHazardRatioError:0.000} |");
    }
}
