namespace Survival.PlotBench;

/// <summary>A synthetic four-arm trial drawn from a fixed seed, so every run times the same figure.</summary>
internal static class SyntheticTrial
{
    /// <summary>
    /// Exponential event times with a different median per arm (12, 16, 20 and 24 months), rounded to days so
    /// that times tie as in real data, and uniform administrative censoring over 60 months.
    /// </summary>
    public static (double[] Times, bool[] Events, string[] Arms) Generate(int subjects, int seed)
    {
        var random = new Random(seed);
        double[] medians = [12, 16, 20, 24];
        string[] arms = ["Arm A", "Arm B", "Arm C", "Control"];
        var times = new double[subjects];
        var events = new bool[subjects];
        var labels = new string[subjects];
        for (var i = 0; i < subjects; i++)
        {
            var arm = i % arms.Length;
            var eventTime = -Math.Log(1 - random.NextDouble()) * medians[arm] / Math.Log(2);
            var censorTime = random.NextDouble() * 60;
            times[i] = Math.Round(Math.Min(eventTime, censorTime) * 30.4375) / 30.4375;
            events[i] = eventTime <= censorTime;
            labels[i] = arms[arm];
        }
        return (times, events, labels);
    }
}
