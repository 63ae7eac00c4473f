using Survival.Core.Parametric;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// Each family's block of terms (the vectorised kernels: z, the standard distribution's jets, the chain rule, and the
/// observations gathered or taken one at a time) against its plain <c>Terms</c>, one observation at a time, on random
/// data of every kind of observation, with and without delayed entry, weights and two strata, with z far into both
/// tails (the log-normal past 37, where its survival comes from the Mills ratio), and blocks of every length up to a
/// full one, so that the vectors' padding is crossed: every member of every term agrees to 1e-13 relative (the
/// vectors' exp and log are within an ulp or two of Math's).
/// </summary>
public class ParametricBlockTests
{
    public static TheoryData<ParametricDistribution, bool> Cases()
    {
        var cases = new TheoryData<ParametricDistribution, bool>();
        foreach (var distribution in Enum.GetValues<ParametricDistribution>())
        {
            cases.Add(distribution, true);
            cases.Add(distribution, false);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_block_of_terms_equals_the_terms_one_at_a_time(ParametricDistribution distribution, bool delayedEntry)
    {
        // Arrange
        var data = RandomData(seed: 101 + 2 * (int)distribution + (delayedEntry ? 1 : 0), count: 3 * TermBlock.Length + 37, delayedEntry);
        var family = ParametricFamily.Of(distribution);
        var k = family.AncillaryCount;
        var random = new Random(7);
        var eta = Enumerable.Range(0, data.ObservationCount).Select(_ => (distribution == ParametricDistribution.Gompertz ? -2 : 1.5) + random.NextDouble()).ToArray();
        double[] ancillary = distribution switch
        {
            ParametricDistribution.Exponential => [],
            ParametricDistribution.Gompertz => [0.05, -0.03],
            ParametricDistribution.GeneralizedGamma => [-0.9, 0.6, -0.4, -0.3],
            // σ = e^−0.9 ≈ 0.4 in the first stratum, so that z reaches past ±37.
            _ => [-0.9, 0.1],
        };
        var plain = new TermList(new LocalTerm[data.ObservationCount]);
        var block = new TermBlock();
        var blocked = new LocalTerm[data.ObservationCount];

        // Act: each stratum in blocks of lengths 1, 2, …, a full block, and then full blocks.
        for (var s = 0; s < data.StratumCount; s++)
        {
            var from = data.StratumStart[s];
            var to = data.StratumStart[s + 1];
            var shape = ancillary.AsSpan(s * k, k);
            family.Terms(data, from, to, eta.AsSpan(from, to - from), shape, ref plain);
            for (int start = from, length = 1; start < to; start += length, length = Math.Min(length + 1, TermBlock.Length))
            {
                var count = Math.Min(length, to - start);
                family.Block(data, start, count, eta.AsSpan(start, count), shape, block);
                for (var i = 0; i < count; i++) blocked[start + i] = Read(block, i);
            }
        }

        // Assert
        var zBeyond37 = 0;
        for (var i = 0; i < data.ObservationCount; i++)
        {
            var expected = plain.Terms[i];
            var actual = blocked[i];
            Close(expected.Value, actual.Value, i, "value");
            Close(expected.E, actual.E, i, "E");
            Close(expected.EE, actual.EE, i, "EE");
            if (k > 0)
            {
                Close(expected.A, actual.A, i, "A");
                Close(expected.EA, actual.EA, i, "EA");
                Close(expected.AA, actual.AA, i, "AA");
            }
            if (k > 1)
            {
                Close(expected.B, actual.B, i, "B");
                Close(expected.EB, actual.EB, i, "EB");
                Close(expected.AB, actual.AB, i, "AB");
                Close(expected.BB, actual.BB, i, "BB");
            }
            var z = (Math.Log(data.Times[i]) - eta[i]) / Math.Exp(ancillary.ElementAtOrDefault(data.RowStratum[i] * k));
            if (data.Kinds[i] == (byte)CensoringKind.RightCensored && z > 37) zBeyond37++;
        }
        if (distribution == ParametricDistribution.LogNormal) Assert.True(zBeyond37 > 0, "no right-censored z beyond 37: the Mills-ratio tail was not crossed");
    }

    private static void Close(double expected, double actual, int i, string member)
    {
        if (expected.Equals(actual)) return;
        Assert.True(Math.Abs(expected - actual) <= 1e-13 * Math.Max(1, Math.Abs(expected)), $"observation {i}, {member}: one at a time {expected:R}, in a block {actual:R}");
    }

    private static LocalTerm Read(TermBlock block, int i) => new()
    {
        Value = block.Value[i], E = block.E[i], A = block.A[i], B = block.B[i],
        EE = block.EE[i], EA = block.EA[i], EB = block.EB[i], AA = block.AA[i], AB = block.AB[i], BB = block.BB[i],
    };

    /// <summary>Keeps every observation's term.</summary>
    private readonly struct TermList(LocalTerm[] terms) : ITermSink
    {
        public LocalTerm[] Terms { get; } = terms;

        public void Add(int observation, in LocalTerm term) => Terms[observation] = term;
    }

    /// <summary>
    /// Mostly exact and right-censored subjects (the kernels' common case), with some left- and interval-censored ones
    /// among them, times from e^−4 to e^22 (far into both tails), weights, a covariate and two strata.
    /// </summary>
    private static ParametricData RandomData(int seed, int count, bool delayedEntry)
    {
        var random = new Random(seed);
        var kinds = new CensoringKind[count];
        var lower = new double[count];
        var upper = new double[count];
        var entries = new double[count];
        for (var i = 0; i < count; i++)
        {
            var draw = random.NextDouble();
            kinds[i] = draw < 0.55 ? CensoringKind.Exact : draw < 0.9 ? CensoringKind.RightCensored : draw < 0.95 ? CensoringKind.LeftCensored : CensoringKind.Interval;
            // Mostly near e^η; one in twenty far into a tail.
            lower[i] = random.NextDouble() < 0.05 ? Math.Exp(-4 + 26 * random.NextDouble()) : Math.Exp(1 + 2 * random.NextDouble());
            upper[i] = lower[i] * (1.1 + random.NextDouble());
            entries[i] = delayedEntry && i % 3 == 0 ? 0.5 * random.NextDouble() * lower[i] : 0;
        }
        var weights = Enumerable.Range(0, count).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var observations = CensoredObservations.Create(kinds, lower, upper, delayedEntry ? entries : [], weights);
        CoxCovariate[] terms = [new NumericCovariate("x", [.. Enumerable.Range(0, count).Select(_ => random.NextDouble())])];
        var strata = Factor.Create([.. Enumerable.Range(0, count).Select(i => i % 2 == 0 ? "s1" : "s2")]);
        return ParametricData.Create(observations, terms, strata);
    }
}
