namespace Survival.Core.Cox;

/// <summary>
/// The exact discrete-time (conditional logistic) likelihood of one event time: the d events are one set drawn from
/// the risk set, every set of d members at risk being a possible draw.
/// </summary>
/// <remarks>
/// Cox (1972); Kalbfleisch &amp; Prentice (1980, §5.2). An event time contributes
/// <code>
/// Σ_{i ∈ D} η_i − log B,   B = Σ_{S ⊆ R, |S| = d} exp(Σ_{i ∈ S} η_i) = [z^d] Π_g P_g(z),   P_g = (1 + r_g z)^{m_g}
/// </code>
/// with the risk set taken as patterns g of m_g members that share covariates x_g and r_g = exp(η_g): a row of one is
/// a pattern of one; a counting-table group pools its members, so that a registry's risk sets cost their groups rather
/// than their subjects. Let m_g also denote how many members the drawn set takes from pattern g. Its moments follow
/// from the same product with P_g replaced by P′_g = Σ_j j C(m_g, j) r_g^j z^j or P″_g (j² in place of j), and with
/// prefix products A_g = Π_{h&lt;g} P_h and suffix products Z_g = Π_{h&gt;g} P_h:
/// <code>
/// E[m_g] = [z^d](A_g P′_g Z_g)/B      E[m_g²] = [z^d](A_g P″_g Z_g)/B
/// Σ_{h&gt;g} E[m_g m_h] x_h = [z^d](A_g P′_g T_g)/B,   T_g = Σ_{h&gt;g} (Π_{g&lt;l&lt;h} P_l) P′_h Z_h x_h = P_{g+1} T_{g+1} + P′_{g+1} Z_{g+1} x_{g+1}
/// U −= Σ_g E[m_g] x_g = ū      I += Σ_g E[m_g²] x_g x_g' + Σ_{g&lt;h} E[m_g m_h] (x_g x_h' + x_h x_g') − ū ū'
/// </code>
/// (Gail, Lubin &amp; Rubinstein 1981 give the members' recursion; the pattern moments are the same derivatives.)
/// Walking the patterns backward with T_g costs O(P·(d² + d·p + p²)) for P patterns, linear in the risk set. The
/// polynomials are products truncated at degree d, each kept scaled with its own log scale, since binomial
/// coefficients of large risk sets overflow a double. The counts are whole numbers: R's exact method takes no case
/// weights, and neither does this one.
/// </remarks>
internal static class ExactTies
{
    /// <summary>
    /// Adds the score and information terms of the event time at <paramref name="time"/> with
    /// <paramref name="deaths"/> ≥ 2 events, taken <paramref name="multiplicity"/> times; returns log B.
    /// </summary>
    /// <param name="rows">The rows.</param>
    /// <param name="risk">exp(η) of every row of one (the exact likelihood takes no weights).</param>
    /// <param name="beta">β, for the risk of counting-table rows.</param>
    /// <param name="start">The stratum's first row.</param>
    /// <param name="end">The row after the event time's rows: [start, end) are those swept so far, all at or after it.</param>
    /// <param name="time">The event time.</param>
    /// <param name="deaths">Its events.</param>
    /// <param name="multiplicity">How many times its terms are taken (cox.zph's time weight; 1 for the fit).</param>
    /// <param name="into">Receives the score and information terms.</param>
    public static double AddEventTime(
        CoxRows rows, double[] risk, double[] beta, int start, int end, double time, int deaths, double multiplicity, PartialLikelihood into)
    {
        var p = rows.Width;
        var d = deaths;
        var patterns = AtRisk(rows, start, end, time).ToArray();
        var count = patterns.Length;
        var factors = new Factor[count];
        for (var g = 0; g < count; g++)
        {
            var (position, members) = patterns[g];
            var r = rows.Table is null ? risk[position] : Math.Exp(rows.LinearPredictor(position, beta));
            factors[g] = Factor.Of(members, Math.Log(r), d);
        }

        // Prefix products A_g = Π_{h<g} P_h, then B = A_P.
        var prefix = new Polynomial[count + 1];
        prefix[0] = Polynomial.One;
        for (var g = 0; g < count; g++) prefix[g + 1] = prefix[g].Times(factors[g].Sets, d);
        var all = prefix[count];
        var logB = all.LogCoefficient(d);

        // Backward: Z_g (the suffix) and T_g (p polynomials on Z's scale, row a at [a·(d+1), (a+1)·(d+1))), each
        // pattern's moments from them.
        var mean = new double[p];
        var information = new double[p * p];
        var suffix = Polynomial.One;
        var width = d + 1;
        var (t, next) = (new double[p * width], new double[p * width]);
        var cross = new double[p];
        for (var g = count - 1; g >= 0; g--)
        {
            var x = rows.Row(patterns[g].Position);
            var once = prefix[g].Times(factors[g].Once, d);
            var twice = prefix[g].Times(factors[g].Twice, d);
            var first = Polynomial.Coefficient(once.Coefficients, suffix.Coefficients, d) * Math.Exp(once.LogScale + suffix.LogScale - logB);
            var second = Polynomial.Coefficient(twice.Coefficients, suffix.Coefficients, d) * Math.Exp(twice.LogScale + suffix.LogScale - logB);
            var crossScale = Math.Exp(once.LogScale + suffix.LogScale - logB);
            for (var a = 0; a < p; a++) cross[a] = Polynomial.Coefficient(once.Coefficients, t.AsSpan(a * width, width), d) * crossScale;
            for (var a = 0; a < p; a++)
            {
                mean[a] += first * x[a];
                // E[m_g²] x_g x_g' and Σ_{h>g} E[m_g m_h] (x_g x_h' + x_h x_g'), the lower triangle.
                for (var b = 0; b <= a; b++) information[a * p + b] += second * x[a] * x[b] + x[a] * cross[b] + cross[a] * x[b];
            }
            // T_{g−1} = P_g T_g + P′_g Z_g x_g and Z_{g−1} = P_g Z_g, on one scale: both divided by Z's largest coefficient.
            var (sets, ownSets) = (factors[g].Sets.Coefficients, factors[g].Once.Coefficients);
            var raw = Polynomial.Product(sets, suffix.Coefficients, d);
            var own = Polynomial.Product(ownSets, suffix.Coefficients, d);
            var largest = raw.Max(Math.Abs);
            Array.Clear(next);
            for (var a = 0; a < p; a++)
            {
                var row = next.AsSpan(a * width, width);
                Polynomial.AddProduct(sets, t.AsSpan(a * width, width), row);
                for (var k = 0; k < own.Length; k++) row[k] += own[k] * x[a];
                for (var k = 0; k < width; k++) row[k] /= largest;
            }
            (t, next) = (next, t);
            for (var k = 0; k < raw.Length; k++) raw[k] /= largest;
            suffix = new Polynomial(raw, suffix.LogScale + factors[g].Sets.LogScale + Math.Log(largest));
        }

        for (var a = 0; a < p; a++)
        {
            into.Score[a] -= multiplicity * mean[a];
            for (var b = 0; b <= a; b++) into.Information[a * p + b] += multiplicity * (information[a * p + b] - mean[a] * mean[b]);
        }
        return logB;
    }

    /// <summary>
    /// The risk set at <paramref name="time"/> as patterns (row, members at risk): each row of one entered before the
    /// time; a counting-table group's leavers less its joiners over its rows (all at or after the time), pooled on one row.
    /// </summary>
    private static IEnumerable<(int Position, int Members)> AtRisk(CoxRows rows, int start, int end, double time)
    {
        if (rows.Table is not { } table)
        {
            var entry = rows.Entry;
            for (var k = start; k < end; k++)
            {
                if (entry is null || entry[k] < time) yield return (k, 1);
            }
            yield break;
        }
        var members = new Dictionary<int, (int Position, long Members)>();
        for (var k = start; k < end; k++)
        {
            var group = table.Pattern[k];
            members.TryGetValue(group, out var sum);
            members[group] = (k, sum.Members + table.Leaving[k] - table.Joining[k]);
        }
        foreach (var (position, count) in members.Values)
        {
            if (count > 0) yield return (position, (int)count);
        }
    }

    /// <summary>One pattern's factor P = (1 + r z)^m and its P′ and P″, truncated at degree d, on one scale.</summary>
    private sealed record Factor(Polynomial Sets, Polynomial Once, Polynomial Twice)
    {
        public static Factor Of(int members, double logRisk, int maxDegree)
        {
            var degree = Math.Min(members, maxDegree);
            var logs = new double[degree + 1];
            for (var j = 1; j <= degree; j++) logs[j] = logs[j - 1] + Math.Log((double)(members - j + 1) / j) + logRisk;
            var scale = logs.Max();
            var sets = new double[degree + 1];
            var once = new double[degree + 1];
            var twice = new double[degree + 1];
            for (var j = 0; j <= degree; j++)
            {
                sets[j] = Math.Exp(logs[j] - scale);
                once[j] = j * sets[j];
                twice[j] = j * once[j];
            }
            return new Factor(new Polynomial(sets, scale), new Polynomial(once, scale), new Polynomial(twice, scale));
        }
    }

    /// <summary>A polynomial with non-negative coefficients (the derivatives' may be of either sign), exp(LogScale) × Coefficients.</summary>
    private readonly record struct Polynomial(double[] Coefficients, double LogScale)
    {
        public static Polynomial One { get; } = new([1.0], 0);

        /// <summary>The product truncated at <paramref name="maxDegree"/>, rescaled so that its largest |coefficient| is 1.</summary>
        public Polynomial Times(Polynomial other, int maxDegree)
        {
            var product = Product(Coefficients, other.Coefficients, maxDegree);
            var largest = 0.0;
            foreach (var c in product) largest = Math.Max(largest, Math.Abs(c));
            if (largest > 0)
            {
                for (var k = 0; k < product.Length; k++) product[k] /= largest;
            }
            return new(product, LogScale + other.LogScale + (largest > 0 ? Math.Log(largest) : 0));
        }

        public double LogCoefficient(int degree) => Math.Log(Coefficients[degree]) + LogScale;

        /// <summary>[z^d](a·b) of two coefficient arrays, scales aside.</summary>
        public static double Coefficient(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int degree)
        {
            var sum = 0.0;
            for (var i = Math.Max(0, degree - b.Length + 1); i < a.Length && i <= degree; i++) sum += a[i] * b[degree - i];
            return sum;
        }

        /// <summary>a·b truncated at <paramref name="maxDegree"/>, scales aside.</summary>
        public static double[] Product(double[] a, double[] b, int maxDegree)
        {
            var product = new double[Math.Min(a.Length + b.Length - 2, maxDegree) + 1];
            AddProduct(a, b, product);
            return product;
        }

        /// <summary>into += a·b, truncated at into's degree.</summary>
        public static void AddProduct(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> into)
        {
            for (var i = 0; i < a.Length && i < into.Length; i++)
            {
                if (a[i] == 0) continue;
                var end = Math.Min(b.Length, into.Length - i);
                for (var j = 0; j < end; j++) into[i + j] += a[i] * b[j];
            }
        }
    }
}
