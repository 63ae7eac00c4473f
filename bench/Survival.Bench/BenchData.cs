using System.Globalization;
using Survival.Core;

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
