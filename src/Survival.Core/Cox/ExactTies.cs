using Survival.Core.Counting;

namespace Survival.Core.Cox;

/// <summary>
/// The exact discrete-time (conditional logistic) likelihood: the d events at a time are one set drawn from the risk
/// set, every set of d subjects at risk being a possible draw.
/// </summary>
/// <remarks>
/// Cox (1972); Kalbfleisch &amp; Prentice (1980, §5.2). An event time contributes
/// <code>
/// Σ_{i ∈ D} η_i − log Σ_{S ⊆ R, |S| = d} exp(Σ_{i ∈ S} η_i)
/// </code>
/// R's <c>coxph(ties = "exact")</c> evaluates the denominator by the recursion of Gail, Lubin &amp; Rubinstein (1981)
/// over the subjects at risk. With a group factor every subject of group g has the same η_g, so the denominator is
/// the coefficient of x^d in Π_g P_g(x), P_g(x) = Σ_m C(n_g, m) e^{m η_g} x^m: the sets are counted by how many
/// members m_g they take from each group. The score and information need the mean and covariance of (m_g), the
/// multivariate noncentral hypergeometric distribution, which follow from the same product with P_g replaced by
/// P′_g = Σ m C(n_g, m) e^{m η_g} x^m (and m² for the second moment). Products are truncated at degree d and kept
/// with a separate log scale, since binomial coefficients of large risk sets overflow a double. The counts are whole
/// numbers: R's exact method takes no case weights, and neither does this one.
/// </remarks>
internal sealed class ExactTies : ICoxTies
{
    public static ExactTies Instance { get; } = new();

    public void AddEventTime(ReadOnlySpan<double> atRisk, ReadOnlySpan<double> deaths, int events, GroupRisk risk, PartialLikelihood into)
    {
        // One event: every approximation is exact.
        if (events == 1)
        {
            BreslowTies.Instance.AddEventTime(atRisk, deaths, events, risk, into);
            return;
        }

        var present = new List<int>(atRisk.Length);
        for (var g = 0; g < atRisk.Length; g++) if (atRisk[g] > 0) present.Add(g);
        var count = present.Count;
        var d = events;
        var sets = new Polynomial[count];
        var firstMoment = new Polynomial[count];
        var secondMoment = new Polynomial[count];
        for (var i = 0; i < count; i++)
            (sets[i], firstMoment[i], secondMoment[i]) = Polynomial.Binomial((int)atRisk[present[i]], risk.Eta[present[i]], d);

        var prefix = new Polynomial[count + 1];
        var suffix = new Polynomial[count + 1];
        prefix[0] = suffix[count] = Polynomial.One;
        for (var i = 0; i < count; i++) prefix[i + 1] = prefix[i].Times(sets[i], d);
        for (var i = count - 1; i >= 0; i--) suffix[i] = sets[i].Times(suffix[i + 1], d);
        var all = prefix[count];
        into.LogLikelihood -= all.LogCoefficient(d);

        // E[m_g] = [x^d](… P′_g …)/[x^d](Π P), E[m_g²] likewise with the second-moment polynomial.
        var covariateOf = risk.CovariateOf;
        var n = into.Covariates;
        var mean = new double[count];
        var firstTail = new Polynomial[count];
        for (var i = 0; i < count; i++)
        {
            var c = covariateOf[present[i]];
            if (c < 0) continue;
            firstTail[i] = firstMoment[i].Times(suffix[i + 1], d);
            mean[i] = Polynomial.CoefficientRatio(prefix[i], firstTail[i], d, all);
            var square = Polynomial.CoefficientRatio(prefix[i], secondMoment[i].Times(suffix[i + 1], d), d, all);
            into.Score[c] -= mean[i];
            into.Information[c * n + c] += square - mean[i] * mean[i];
        }

        // E[m_g m_h], g before h: the prefix with P′_g, then the sets polynomials between them, then P′_h and the suffix.
        for (var i = 0; i < count; i++)
        {
            var c = covariateOf[present[i]];
            if (c < 0) continue;
            var head = prefix[i].Times(firstMoment[i], d);
            for (var j = i + 1; j < count; j++)
            {
                var c2 = covariateOf[present[j]];
                if (c2 >= 0)
                {
                    var covariance = Polynomial.CoefficientRatio(head, firstTail[j], d, all) - mean[i] * mean[j];
                    into.Information[c * n + c2] += covariance;
                    into.Information[c2 * n + c] += covariance;
                }
                if (j + 1 < count) head = head.Times(sets[j], d);
            }
        }
    }

    /// <summary>A polynomial with non-negative coefficients, stored as exp(LogScale) × Coefficients to avoid overflow.</summary>
    private readonly record struct Polynomial(double[] Coefficients, double LogScale)
    {
        public static Polynomial One { get; } = new([1.0], 0);

        /// <summary>
        /// Σ_{m ≤ min(n, d)} C(n, m) e^{mη} x^m and the same with coefficients multiplied by m and by m², built in logs
        /// and scaled by their largest term.
        /// </summary>
        public static (Polynomial Sets, Polynomial First, Polynomial Second) Binomial(int n, double eta, int maxDegree)
        {
            var degree = Math.Min(n, maxDegree);
            var logs = new double[degree + 1];
            for (var m = 1; m <= degree; m++) logs[m] = logs[m - 1] + Math.Log((double)(n - m + 1) / m) + eta;
            var scale = logs.Max();
            var sets = new double[degree + 1];
            var first = new double[degree + 1];
            var second = new double[degree + 1];
            for (var m = 0; m <= degree; m++)
            {
                sets[m] = Math.Exp(logs[m] - scale);
                first[m] = m * sets[m];
                second[m] = m * first[m];
            }
            return (new(sets, scale), new(first, scale), new(second, scale));
        }

        /// <summary>The product truncated at <paramref name="maxDegree"/>, rescaled so that its largest coefficient is 1.</summary>
        public Polynomial Times(Polynomial other, int maxDegree)
        {
            var a = Coefficients;
            var b = other.Coefficients;
            var product = new double[Math.Min(a.Length + b.Length - 2, maxDegree) + 1];
            for (var i = 0; i < a.Length && i < product.Length; i++)
            {
                if (a[i] == 0) continue;
                var end = Math.Min(b.Length, product.Length - i);
                for (var j = 0; j < end; j++) product[i + j] += a[i] * b[j];
            }
            var largest = product.Max();
            if (largest > 0)
            {
                for (var t = 0; t < product.Length; t++) product[t] /= largest;
            }
            return new(product, LogScale + other.LogScale + (largest > 0 ? Math.Log(largest) : 0));
        }

        public double LogCoefficient(int degree) => Math.Log(Coefficients[degree]) + LogScale;

        /// <summary>[x^d](a·b) / [x^d]all, each polynomial with its own scale.</summary>
        public static double CoefficientRatio(Polynomial a, Polynomial b, int degree, Polynomial all)
        {
            var sum = 0.0;
            for (var i = Math.Max(0, degree - b.Coefficients.Length + 1); i < a.Coefficients.Length && i <= degree; i++)
                sum += a.Coefficients[i] * b.Coefficients[degree - i];
            return sum / all.Coefficients[degree] * Math.Exp(a.LogScale + b.LogScale - all.LogScale);
        }
    }
}
