using Survival.Core.IntervalCensoring;

namespace Survival.Core.Tests.IntervalCensoring;

/// <summary>
/// Turnbull's estimate on data no fixture holds, drawn afresh for each seed: the fast path against the definitions
/// (<see cref="PlainTurnbull"/>): the same maximal intersections, the Kuhn–Tucker conditions, and at least the
/// likelihood that Turnbull's EM reaches after many iterations.
/// </summary>
public sealed class TurnbullHeldOutTests
{
    public static TheoryData<int, int, double> Cases() => new()
    {
        { 1, 30, 1 },
        { 2, 80, 0.5 },
        { 3, 150, 2 },
        { 4, 60, 0.25 },
        { 5, 200, 1 },
        { 6, 12, 3 },
    };

    /// <summary>
    /// Subjects with random inspection schedules (a grid of <paramref name="grid"/> so that ends tie), exact, left-,
    /// right- and interval-censored, drawn with <paramref name="seed"/>.
    /// </summary>
    internal static IntervalCensoredData Draw(int seed, int n, double grid)
    {
        var random = new Random(seed);
        var left = new double[n];
        var right = new double[n];
        for (var i = 0; i < n; i++)
        {
            var time = -Math.Log(1 - random.NextDouble()) * 10;
            var kind = random.NextDouble();
            var lo = Math.Floor(time / grid) * grid;
            var gap = grid * (1 + random.Next(3));
            (left[i], right[i]) = kind switch
            {
                < 0.15 => (Math.Round(time, 1), Math.Round(time, 1)),
                < 0.3 => (0, lo + gap),
                < 0.45 => (lo, double.PositiveInfinity),
                _ => (lo, lo + gap),
            };
        }
        return IntervalCensoredData.FromSubjects(left, right);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fast_path_finds_the_maximal_intersections_of_the_definition(int seed, int n, double grid)
    {
        // Arrange
        var data = Draw(seed, n, grid);

        // Act
        var intervals = TurnbullIntervals.Of(data);

        // Assert
        var (expected, alpha) = PlainTurnbull.MaximalIntersections(data);
        Assert.Equal(expected.Select(e => e.Left), intervals.Left);
        Assert.Equal(expected.Select(e => e.Right), intervals.Right);
        for (var i = 0; i < data.Count; i++)
            for (var j = 0; j < expected.Count; j++)
                Assert.Equal(alpha[i, j], intervals.First[i] <= j && j <= intervals.Last[i]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Estimate_meets_the_conditions_and_beats_EM(int seed, int n, double grid)
    {
        // Arrange
        var data = Draw(seed, n, grid);
        var (intervals, alpha) = PlainTurnbull.MaximalIntersections(data);

        // Act
        var estimate = Turnbull.Estimate(data);
        var em = PlainTurnbull.SelfConsistency(data, alpha, 20_000);

        // Assert
        var conditions = PlainTurnbull.Conditions(data, estimate);
        Assert.True(conditions.MaxGradient <= 1e-10, $"max d_j/N = {conditions.MaxGradient}");
        Assert.True(conditions.MaxSupportGradient <= 1e-10);
        Assert.True(conditions.MaxSelfConsistency <= 1e-10);
        var emLogLikelihood = LogLikelihood(data, alpha, em);
        Assert.True(estimate.LogLikelihood >= emLogLikelihood - 1e-9, $"{estimate.LogLikelihood} < EM's {emLogLikelihood}");
        // EM creeps towards the same masses.
        for (var k = 0; k < estimate.Mass.Length; k++)
            Assert.Equal(estimate.Mass[k], em[intervals.IndexOf((estimate.Left[k], estimate.Right[k]))], 1e-4);
    }

    private static double LogLikelihood(IntervalCensoredData data, bool[,] alpha, double[] mass)
    {
        var sum = 0.0;
        for (var i = 0; i < data.Count; i++)
        {
            var probability = 0.0;
            for (var j = 0; j < mass.Length; j++) if (alpha[i, j]) probability += mass[j];
            sum += data.Counts[i] * Math.Log(probability);
        }
        return sum;
    }
}
