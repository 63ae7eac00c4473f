using System.Globalization;
using Survival.Core.Counting;
using Survival.Core.Regression;

namespace Survival.Bench;

/// <summary>The benchmark's data: survival times with a group label per subject.</summary>
internal sealed record BenchData(SurvivalData Survival, Factor Groups)
{
    /// <summary>
    /// Two groups of equal expected size, exponential event times (median 24 in the control group, hazard ratio 0.75
    /// in the treated group) censored uniformly on [0, 60], times to three decimals as a registry would hold them.
    /// </summary>
    public static void Generate(int subjects, string path, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path);
        writer.WriteLine("time,event,group");
        for (var i = 0; i < subjects; i++)
        {
            var treated = random.Next(2) == 1;
            var rate = Math.Log(2) / 24 * (treated ? 0.75 : 1);
            var eventTime = -Math.Log(1 - random.NextDouble()) / rate;
            var censorTime = 60 * random.NextDouble();
            var time = Math.Round(Math.Min(eventTime, censorTime), 3);
            writer.Write(time.ToString("0.###", CultureInfo.InvariantCulture));
            writer.Write(eventTime <= censorTime ? ",1," : ",0,");
            writer.WriteLine(treated ? "treated" : "control");
        }
    }

    /// <summary>
    /// A registry as warehouses hold one: whole days of follow-up up to 3650 (ten years), three arms of equal expected
    /// size (hazard ratios 1, 0.8 and 0.65 against a median of 1500 days), censored uniformly over ten years.
    /// </summary>
    public static void GenerateRegistry(int subjects, string path, int seed)
    {
        var random = new Random(seed);
        string[] arms = ["A", "B", "C"];
        double[] ratios = [1, 0.8, 0.65];
        using var writer = new StreamWriter(path);
        writer.WriteLine("time,event,group");
        for (var i = 0; i < subjects; i++)
        {
            var arm = random.Next(3);
            var eventDay = Math.Ceiling(-Math.Log(1 - random.NextDouble()) / (Math.Log(2) / 1500 * ratios[arm]));
            var censorDay = Math.Ceiling(3650 * random.NextDouble());
            var day = Math.Min(eventDay, censorDay);
            writer.Write(day.ToString(CultureInfo.InvariantCulture));
            writer.Write(eventDay <= censorDay ? ",1," : ",0,");
            writer.WriteLine(arms[arm]);
        }
    }

    /// <summary>Reads <c>time,event,group</c> lines after a header; each distinct label is stored once.</summary>
    public static BenchData Read(string path)
    {
        var times = new List<double>();
        var events = new List<bool>();
        var labels = new List<string>();
        var distinct = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var span = line.AsSpan();
            var first = span.IndexOf(',');
            var second = first + 1 + span[(first + 1)..].IndexOf(',');
            times.Add(double.Parse(span[..first], CultureInfo.InvariantCulture));
            events.Add(span[(first + 1)..second].Trim() is "1");
            var label = span[(second + 1)..].Trim().ToString();
            labels.Add(distinct.TryGetValue(label, out var known) ? known : distinct[label] = label);
        }
        return new BenchData(SurvivalData.Create([.. times], [.. events]), Factor.Create(labels));
    }
}
