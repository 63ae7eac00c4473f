using System.Diagnostics;
using System.Globalization;
using Survival.Core;
using Survival.Core.Counting;
using Survival.Core.GroupTests;
using Survival.Core.Regression;

// survival-exact-bench FILE TEST RUNS: the exact permutation p-value of TEST (logrank, gehan_breslow, peto_peto) on a
// CSV of time,status,group; prints "p ms_median memory_mib" (or "refused memory_mib" past the 256 MiB default limit),
// the time the median of RUNS warm runs. A benchmark, not a test: the figures depend on the machine.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var lines = File.ReadAllLines(args[0]).Skip(1).Select(l => l.Split(',')).ToArray();
var times = lines.Select(l => double.Parse(l[0])).ToArray();
var events = lines.Select(l => l[1] == "1").ToArray();
var counts = CountingTable.FromSubjects(SurvivalData.Create(times, events), Factor.Create([.. lines.Select(l => l[2])]));
var weight = args[1] switch { "gehan_breslow" => TestWeight.GehanBreslow, "peto_peto" => TestWeight.PetoPeto, _ => TestWeight.LogRank };
var runs = int.Parse(args[2]);
var options = new GroupComparisonOptions { Distribution = TestDistribution.Exact };
var bytes = PermutationTest.ExactWorkingBytes(counts, options, weight);
var mib = (bytes / 1048576.0).ToString("0.0");
try
{
    var p = PermutationTest.Test(counts, options, weight).PValue;
    var elapsed = new List<double>();
    for (var r = 0; r < runs; r++)
    {
        var watch = Stopwatch.StartNew();
        PermutationTest.Test(counts, options, weight);
        elapsed.Add(watch.Elapsed.TotalMilliseconds);
    }
    elapsed.Sort();
    Console.WriteLine($"{p:R} {elapsed[elapsed.Count / 2]:0.0} {mib}");
}
catch (ResourceLimitException)
{
    Console.WriteLine($"refused {mib}");
}
