using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using Survival.Core.Parametric;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// The engine's likelihood against a plain one written straight from each family's S(t) and f(t) (MathNet's
/// distributions and incomplete gamma function), on random data with every kind of observation, delayed entry,
/// weights, a covariate, a factor and strata: the values agree to 1e-10, and the analytic score and information agree
/// with central differences of the plain likelihood.
/// </summary>
public class ParametricLikelihoodTests
{
    public static TheoryData<ParametricDistribution> Distributions() => [.. Enum.GetValues<ParametricDistribution>()];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Value_score_and_information_equal_the_plain_likelihood_and_its_differences(ParametricDistribution distribution)
    {
        // Arrange
        var (data, sample) = RandomData(seed: 7 + (int)distribution);
        var family = ParametricFamily.Of(distribution);
        var likelihood = new ParametricLikelihood(data, family);
        var columns = likelihood.Columns;
        var size = likelihood.ParameterCount(columns);
        var theta = Parameters(distribution, columns, likelihood.AncillaryStrata);

        // Act
        var point = likelihood.Evaluate(theta, columns, derivatives: true);

        // Assert
        var plain = Plain(distribution, sample, data, theta, columns);
        Assert.Equal(plain, point.LogLikelihood, 1e-10 * Math.Abs(plain));
        for (var a = 0; a < size; a++)
        {
            var h = 1e-5 * Math.Max(1, Math.Abs(theta[a]));
            var up = Plain(distribution, sample, data, Shift(theta, a, h), columns);
            var down = Plain(distribution, sample, data, Shift(theta, a, -h), columns);
            var score = (up - down) / (2 * h);
            Assert.True(Math.Abs(score - point.Score![a]) <= 1e-6 * Math.Max(1, Math.Abs(score)), $"score[{a}]: differences {score}, analytic {point.Score[a]}");
            for (var b = 0; b < size; b++)
            {
                var plus = likelihood.Evaluate(Shift(theta, b, h), columns, derivatives: true).Score![a];
                var minus = likelihood.Evaluate(Shift(theta, b, -h), columns, derivatives: true).Score![a];
                var second = -(plus - minus) / (2 * h);
                var analytic = point.Information![a * size + b];
                Assert.True(Math.Abs(second - analytic) <= 1e-5 * Math.Max(1, Math.Abs(second)), $"information[{a},{b}]: differences {second}, analytic {analytic}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Score_information_and_outer_product_on_large_data_equal_the_plain_sums_of_the_terms(ParametricDistribution distribution)
    {
        // Arrange: two strata each large enough to be cut in halves, so that the blocks, halves and strata are all crossed.
        var (data, _) = RandomData(seed: 11 + (int)distribution, count: 4 * ParallelHalvesThreshold + 123);
        var family = ParametricFamily.Of(distribution);
        var likelihood = new ParametricLikelihood(data, family);
        var columns = likelihood.Columns;
        var size = likelihood.ParameterCount(columns);
        var theta = Parameters(distribution, columns, likelihood.AncillaryStrata);

        // Act
        var point = likelihood.Evaluate(theta, columns, derivatives: true, outer: true);

        // Assert
        var (logLikelihood, score, information, outer) = PlainSums(data, family, theta, columns);
        Assert.Equal(logLikelihood, point.LogLikelihood, 1e-10 * Math.Abs(logLikelihood));
        for (var a = 0; a < size; a++)
        {
            Assert.Equal(score[a], point.Score![a], 1e-9 * Math.Max(1, Math.Abs(score[a])));
            for (var b = 0; b < size; b++)
            {
                Assert.Equal(information[a * size + b], point.Information![a * size + b], 1e-9 * Math.Max(1, Math.Abs(information[a * size + b])));
                Assert.Equal(outer[a * size + b], point.Outer![a * size + b], 1e-9 * Math.Max(1, Math.Abs(outer[a * size + b])));
            }
        }
    }

    [Theory]
    [InlineData(ParametricDistribution.Weibull)]
    [InlineData(ParametricDistribution.LogNormal)]
    [InlineData(ParametricDistribution.LogLogistic)]
    public void Survregs_least_squares_start_on_large_data_equals_the_plain_normal_equations(ParametricDistribution distribution)
    {
        // Arrange
        var (data, _) = RandomData(seed: 31 + (int)distribution, count: 4 * ParallelHalvesThreshold + 77);
        var family = (LogLocationScaleFamily)ParametricFamily.Of(distribution);
        var columns = 1 + data.Design.Width;
        double[] logScales = [-0.2, 0.1];

        // Act
        var beta = ParametricStart.LeastSquares(data, family, columns, logScales);

        // Assert: β solves X'WX β = X'(W y + w g_η), W = −w g_ηη, with each term at η = y (the midpoint of log l and
        // log r for an interval) and without its delayed entry, summed here one subject at a time.
        var untruncated = data.WithoutEntries();
        var y = new double[data.ObservationCount];
        for (var i = 0; i < y.Length; i++)
            y[i] = data.Kinds[i] == (byte)CensoringKind.Interval ? (Math.Log(data.Times[i]) + Math.Log(data.Upper![i])) / 2 : Math.Log(data.Times[i]);
        var terms = new TermList(new LocalTerm[y.Length]);
        for (var s = 0; s < data.StratumCount; s++)
        {
            var from = data.StratumStart[s];
            var to = data.StratumStart[s + 1];
            family.Terms(untruncated, from, to, y.AsSpan(from, to - from), [logScales[s]], ref terms);
        }
        var normal = new double[columns, columns];
        var right = new double[columns];
        for (var i = 0; i < y.Length; i++)
        {
            var w = data.Weights?[i] ?? 1;
            var weight = -w * terms.Terms[i].EE;
            var x = new double[columns];
            x[0] = 1;
            for (var c = 1; c < columns; c++) x[c] = data.DesignColumns[c * data.RowCount + i];
            for (var a = 0; a < columns; a++)
            {
                right[a] += x[a] * (weight * y[i] + w * terms.Terms[i].E);
                for (var b = 0; b < columns; b++) normal[a, b] += x[a] * x[b] * weight;
            }
        }
        var plain = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(normal)
            .Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(right));
        for (var c = 0; c < columns; c++) Assert.Equal(plain[c], beta[c], 1e-9 * Math.Max(1, Math.Abs(plain[c])));
    }

    private const int ParallelHalvesThreshold = Numerics.ParallelHalves.Threshold;

    /// <summary>
    /// The sums written from their definitions, one observation at a time: U = Σ w ∇g, I = −Σ w ∇²g, J'J = Σ w ∇g∇g',
    /// with ∇ on β = x·∂/∂η and on the observation's stratum's ancillary parameters, each term from the family.
    /// </summary>
    private static (double LogLikelihood, double[] Score, double[] Information, double[] Outer) PlainSums(
        ParametricData data, ParametricFamily family, double[] theta, int columns)
    {
        var k = family.AncillaryCount;
        var size = theta.Length;
        var terms = new TermList(new LocalTerm[data.ObservationCount]);
        var eta = new double[data.ObservationCount];
        for (var i = 0; i < eta.Length; i++)
        {
            eta[i] = theta[0];
            for (var c = 1; c < columns; c++) eta[i] += data.DesignColumns[c * data.RowCount + i] * theta[c];
        }
        for (var s = 0; s < data.StratumCount; s++)
        {
            var from = data.StratumStart[s];
            var to = data.StratumStart[s + 1];
            family.Terms(data, from, to, eta.AsSpan(from, to - from), theta.AsSpan(columns + s * k, k), ref terms);
        }
        double logLikelihood = 0;
        var score = new double[size];
        var information = new double[size * size];
        var outer = new double[size * size];
        var gradient = new double[size];
        var hessian = new double[size * size];
        for (var i = 0; i < eta.Length; i++)
        {
            var t = terms.Terms[i];
            var w = data.Weights?[i] ?? 1;
            var x = new double[columns];
            x[0] = 1;
            for (var c = 1; c < columns; c++) x[c] = data.DesignColumns[c * data.RowCount + i];
            var at = columns + data.RowStratum[i] * k;
            Array.Clear(gradient);
            Array.Clear(hessian);
            for (var a = 0; a < columns; a++)
            {
                gradient[a] = x[a] * t.E;
                for (var b = 0; b < columns; b++) hessian[a * size + b] = x[a] * x[b] * t.EE;
                if (k > 0) hessian[a * size + at] = hessian[at * size + a] = x[a] * t.EA;
                if (k > 1) hessian[a * size + at + 1] = hessian[(at + 1) * size + a] = x[a] * t.EB;
            }
            if (k > 0)
            {
                gradient[at] = t.A;
                hessian[at * size + at] = t.AA;
            }
            if (k > 1)
            {
                gradient[at + 1] = t.B;
                hessian[at * size + at + 1] = hessian[(at + 1) * size + at] = t.AB;
                hessian[(at + 1) * size + at + 1] = t.BB;
            }
            logLikelihood += w * t.Value;
            for (var a = 0; a < size; a++)
            {
                score[a] += w * gradient[a];
                for (var b = 0; b < size; b++)
                {
                    information[a * size + b] -= w * hessian[a * size + b];
                    outer[a * size + b] += w * gradient[a] * gradient[b];
                }
            }
        }
        return (logLikelihood, score, information, outer);
    }

    /// <summary>Keeps every observation's term.</summary>
    private readonly struct TermList(LocalTerm[] terms) : ITermSink
    {
        public LocalTerm[] Terms { get; } = terms;

        public void Add(int observation, in LocalTerm term) => Terms[observation] = term;
    }

    private static double[] Shift(double[] theta, int at, double by)
    {
        var copy = (double[])theta.Clone();
        copy[at] += by;
        return copy;
    }

    /// <summary>(β₀, β_x, β_f) and each stratum's ancillary parameters, near where the data were drawn.</summary>
    private static double[] Parameters(ParametricDistribution distribution, int columns, int strata)
    {
        double[] beta = distribution == ParametricDistribution.Gompertz ? [-2.2, 0.3, -0.2] : [2.0, 0.25, -0.3];
        double[] ancillary = distribution switch
        {
            ParametricDistribution.Exponential => [],
            ParametricDistribution.Gompertz => [0.05, -0.03],
            ParametricDistribution.GeneralizedGamma => [-0.2, 0.6, 0.1, -0.4],
            _ => [-0.2, 0.1],
        };
        Assert.Equal(3, columns);
        return [.. beta, .. ancillary.Take(strata * ParametricFamily.Of(distribution).AncillaryCount)];
    }

    /// <summary>One subject: its kind, times, entry, weight, covariate, factor level and stratum.</summary>
    private sealed record Subject(CensoringKind Kind, double Lower, double Upper, double Entry, double Weight, double X, string F, string S);

    private static (ParametricData Data, Subject[] Sample) RandomData(int seed, int count = 60)
    {
        var random = new Random(seed);
        var subjects = new Subject[count];
        for (var i = 0; i < subjects.Length; i++)
        {
            var kind = (CensoringKind)(i % 4);
            var lower = 1 + 15 * random.NextDouble();
            var upper = lower + 1 + 5 * random.NextDouble();
            var entry = i % 3 == 0 ? 0.5 * random.NextDouble() * lower : 0;
            subjects[i] = new Subject(kind, lower, upper, entry, 0.5 + random.NextDouble(), random.NextDouble() * 2 - 1, i % 5 < 2 ? "a" : "b", i % 2 == 0 ? "s1" : "s2");
        }
        var observations = CensoredObservations.Create(
            [.. subjects.Select(s => s.Kind)], [.. subjects.Select(s => s.Lower)], [.. subjects.Select(s => s.Upper)],
            [.. subjects.Select(s => s.Entry)], [.. subjects.Select(s => s.Weight)]);
        CoxCovariate[] terms =
        [
            new NumericCovariate("x", [.. subjects.Select(s => s.X)]),
            new FactorCovariate("f", Factor.Create([.. subjects.Select(s => s.F)])),
        ];
        return (ParametricData.Create(observations, terms, Factor.Create([.. subjects.Select(s => s.S)])), subjects);
    }

    /// <summary>The log-likelihood written from S(t) and f(t), in the engine's centred parameters.</summary>
    private static double Plain(ParametricDistribution distribution, Subject[] sample, ParametricData data, double[] theta, int columns)
    {
        var means = data.Design.Means;
        var k = ParametricFamily.Of(distribution).AncillaryCount;
        var total = 0.0;
        foreach (var s in sample)
        {
            var eta = theta[0] + (s.X - means[0]) * theta[1] + ((s.F == "b" ? 1 : 0) - means[1]) * theta[2];
            var stratum = s.S == "s1" ? 0 : 1;
            var shape = theta.AsSpan(columns + stratum * k, k).ToArray();
            double Survival(double t) => PlainSurvival(distribution, t, eta, shape);
            var term = s.Kind switch
            {
                CensoringKind.Exact => Math.Log(PlainDensity(distribution, s.Lower, eta, shape)),
                CensoringKind.RightCensored => Math.Log(Survival(s.Lower)),
                CensoringKind.LeftCensored => Math.Log(1 - Survival(s.Lower)),
                _ => Math.Log(Survival(s.Lower) - Survival(s.Upper)),
            };
            if (s.Entry > 0) term -= Math.Log(Survival(s.Entry));
            total += s.Weight * term;
        }
        return total;
    }

    internal static double PlainSurvival(ParametricDistribution distribution, double t, double eta, double[] shape)
    {
        var sigma = shape.Length > 0 ? Math.Exp(shape[0]) : 1;
        var z = (Math.Log(t) - eta) / sigma;
        switch (distribution)
        {
            case ParametricDistribution.Exponential:
                return Math.Exp(-t * Math.Exp(-eta));
            case ParametricDistribution.Weibull:
                return Math.Exp(-Math.Pow(t / Math.Exp(eta), 1 / sigma));
            case ParametricDistribution.LogNormal:
                return 1 - Normal.CDF(0, 1, z);
            case ParametricDistribution.LogLogistic:
                return 1 / (1 + Math.Exp(z));
            case ParametricDistribution.Gompertz:
                var a = shape[0];
                return Math.Exp(-Math.Exp(eta) / a * (Math.Exp(a * t) - 1));
            default:
                var q = shape[1];
                var gamma = 1 / (q * q);
                var u = gamma * Math.Exp(q * z);
                return q > 0 ? SpecialFunctions.GammaUpperRegularized(gamma, u) : SpecialFunctions.GammaLowerRegularized(gamma, u);
        }
    }

    internal static double PlainDensity(ParametricDistribution distribution, double t, double eta, double[] shape)
    {
        var sigma = shape.Length > 0 ? Math.Exp(shape[0]) : 1;
        var z = (Math.Log(t) - eta) / sigma;
        switch (distribution)
        {
            case ParametricDistribution.Exponential:
                return Math.Exp(-eta) * Math.Exp(-t * Math.Exp(-eta));
            case ParametricDistribution.Weibull:
                return new MathNet.Numerics.Distributions.Weibull(1 / sigma, Math.Exp(eta)).Density(t);
            case ParametricDistribution.LogNormal:
                return Normal.PDF(0, 1, z) / (sigma * t);
            case ParametricDistribution.LogLogistic:
                var e = Math.Exp(z);
                return e / ((1 + e) * (1 + e)) / (sigma * t);
            case ParametricDistribution.Gompertz:
                var a = shape[0];
                return Math.Exp(eta + a * t) * PlainSurvival(distribution, t, eta, shape);
            default:
                var q = shape[1];
                var gamma = 1 / (q * q);
                var log = Math.Log(Math.Abs(q)) + gamma * Math.Log(gamma) - SpecialFunctions.GammaLn(gamma) + gamma * (q * z - Math.Exp(q * z));
                return Math.Exp(log) / (sigma * t);
        }
    }
}
