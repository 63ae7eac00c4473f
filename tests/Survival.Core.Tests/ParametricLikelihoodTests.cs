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

    private static (ParametricData Data, Subject[] Sample) RandomData(int seed)
    {
        var random = new Random(seed);
        var subjects = new Subject[60];
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
