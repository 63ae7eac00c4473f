using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// The bootstrap standard error of Turnbull's estimate where it is identified — at the right end of each interval with
/// mass — by resampling subjects with a fixed seed, so that the same data and seed give the same figures on any machine.
/// </summary>
/// <remarks>
/// Turnbull's NPMLE has no closed-form variance: its information-based variance is not consistent once the number of
/// Turnbull intervals grows with n, which is why Sun (2001, "Variance estimation of a survival function for
/// interval-censored survival data", Stat Med 20:1249) and SAS PROC ICLIFETEST (its <c>BOOTSTRAP</c> option) use the
/// bootstrap. Each replicate gives every subject a Poisson(1) number of copies — a distinct row with n subjects a
/// Poisson(n) number — the Poisson bootstrap of Hanley &amp; MacGibbon (2006, Comput Methods Programs Biomed 83:57), which
/// approximates Efron's multinomial resampling as n grows and resamples count rows of any size in one draw per row. The
/// replicate's NPMLE is computed exactly (<see cref="TurnbullSolver"/>) on the full data's Turnbull intervals, and read
/// at the full estimate's points; where the replicate's rows no longer tell neighbouring intervals apart, their summed
/// mass is shared out as the full estimate shares it:
/// <code>
/// S*_b(p_j) = Σ_{l beyond interval j} p*_bl,       se(S(p_j)) = sd_b S*_b(p_j)   (B − 1 in the denominator)
/// </code>
/// Replicate b draws from Xoshiro256** seeded with SplitMix64(seed + b), so replicates run in parallel and in any order
/// with the same result.
/// </remarks>
internal static class TurnbullBootstrap
{
    /// <summary>The standard error of the survival after each interval with mass; empty with no replicates.</summary>
    public static double[] StandardErrors(
        TurnbullIntervals intervals, IntervalCensoredData data, double[] masses, int replicates, ulong seed, CancellationToken cancellationToken)
    {
        var support = Enumerable.Range(0, masses.Length).Where(j => masses[j] > 0).ToArray();
        if (replicates < 2) return [];
        var draws = new double[replicates, support.Length];
        Parallel.For(0, replicates, new ParallelOptions { CancellationToken = cancellationToken }, b =>
        {
            var random = new Xoshiro256StarStar(ReplicateSeed(seed, b));
            var weights = new double[data.Count];
            var total = 0.0;
            for (var i = 0; i < weights.Length; i++) total += weights[i] = Poisson.Sample(random, data.Counts[i]);
            if (total == 0) weights[0] = 1;
            var solution = TurnbullSolver.Solve(intervals, weights, masses);
            var beyond = 0.0;
            var k = support.Length - 1;
            for (var j = masses.Length - 1; j >= 0 && k >= 0; j--)
            {
                if (j == support[k]) draws[b, k--] = beyond;
                beyond += solution.Masses[j];
            }
        });
        var errors = new double[support.Length];
        for (var k = 0; k < support.Length; k++)
        {
            var mean = 0.0;
            for (var b = 0; b < replicates; b++) mean += draws[b, k];
            mean /= replicates;
            var squares = 0.0;
            for (var b = 0; b < replicates; b++) squares += (draws[b, k] - mean) * (draws[b, k] - mean);
            errors[k] = Math.Sqrt(squares / (replicates - 1));
        }
        return errors;
    }

    /// <summary>An int seed per replicate from SplitMix64 (Steele, Lea &amp; Flood 2014) of seed + b.</summary>
    private static int ReplicateSeed(ulong seed, int replicate)
    {
        var z = seed + 0x9E3779B97F4A7C15UL * (ulong)(replicate + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
