using MathNet.Numerics.LinearAlgebra;
using Survival.Core.Counting;
using Survival.Core.Cox;
using Survival.Core.Regression;

namespace Survival.Core.Tests;

/// <summary>
/// The engine's fast path — one sweep per stratum, the Gram matrix, Efron's closed form, the exact polynomial, the
/// counting-table rows, the robust variance's running charges, the concordance's trees — against the Cox model taken
/// straight from its formulas (<see cref="PlainCox"/>) on random data of every shape: tied times, strata, delayed
/// entry, whole and fractional weights, clusters; as rows of one and, for a group factor, as counting-table rows.
/// Both sum the same terms in other orders, so they agree to rounding (1e-9 relative).
/// </summary>
public class CoxEngineRandomDataTests
{
    private const double Tolerance = 1e-9;

    /// <summary>The shapes: seed, rows, strata, delayed entry, weights (0 none, 1 whole, 2 fractional), clusters.</summary>
    public static TheoryData<int, int, int, bool, int, bool> Shapes => new()
    {
        { 1, 60, 1, false, 0, false },
        { 2, 80, 2, false, 0, false },
        { 3, 70, 1, true, 0, false },
        { 4, 90, 3, true, 1, false },
        { 5, 60, 1, false, 2, false },
        { 6, 75, 2, true, 2, false },
        { 7, 80, 1, true, 0, true },
        { 8, 90, 2, true, 2, true },
    };

    public static TheoryData<TieMethod> Ties => [TieMethod.Breslow, TieMethod.Efron, TieMethod.Exact];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Likelihood_of_rows_of_one_equals_the_formulas(int seed, int n, int strata, bool entries, int weights, bool clusters)
    {
        foreach (var ties in new[] { TieMethod.Breslow, TieMethod.Efron, TieMethod.Exact })
        {
            if (ties == TieMethod.Exact && weights > 0) continue;
            // Arrange: the exact likelihood's plain sum visits every subset of tied events, so it is given few rows.
            var rows = RandomRows(seed, ties == TieMethod.Exact ? 24 : n, strata, entries, weights, clusters, groups: 0);
            var beta = new[] { 0.4, -0.3, 0.2 };
            var engine = new CoxLikelihood(RowsOfOne(rows, clusters), ties);
            var sums = new PartialLikelihood(beta.Length);

            // Act
            engine.Evaluate(beta, sums);
            var plain = PlainCox.Evaluate(rows, beta, ties);

            // Assert
            AssertSame(plain, sums, $"{ties}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Likelihood_of_counting_table_rows_equals_the_formulas(int seed, int n, int strata, bool entries, int weights, bool clusters)
    {
        foreach (var ties in new[] { TieMethod.Breslow, TieMethod.Efron, TieMethod.Exact })
        {
            if (ties == TieMethod.Exact && weights > 0) continue;
            // Arrange: the covariates are the indicators of groups b, c, d against a.
            var rows = RandomRows(seed, ties == TieMethod.Exact ? 24 : n, strata, entries, weights, clusters, groups: 4);
            var beta = new[] { 0.5, -0.4, 0.3 };
            var table = CountingTable.FromSubjects(Survival(rows), Factor.Create([.. rows.Select(r => "abcd"[Group(r)].ToString())]),
                strata > 1 ? Factor.Create([.. rows.Select(r => $"s{r.Stratum}")]) : null);
            var engine = new CoxLikelihood(CoxRows.OfTable(table, strata > 1, [-1, 0, 1, 2], 3), ties);
            var sums = new PartialLikelihood(beta.Length);

            // Act
            engine.Evaluate(beta, sums);
            var plain = PlainCox.Evaluate(rows, beta, ties);

            // Assert
            AssertSame(plain, sums, $"{ties}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Robust_variance_equals_the_sandwich_of_each_members_residuals(int seed, int n, int strata, bool entries, int weights, bool clusters)
    {
        foreach (var ties in new[] { TieMethod.Breslow, TieMethod.Efron })
        {
            // Arrange
            var rows = RandomRows(seed, n, strata, entries, weights, clusters, groups: 0);
            var beta = new[] { 0.4, -0.3, 0.2 };
            var plain = PlainCox.Evaluate(rows, beta, ties);
            var naive = Matrix<double>.Build.DenseOfArray(plain.Information).Inverse();

            // Act
            var fast = CoxRobustVariance.Compute(RowsOfOne(rows, clusters), beta, ties, naive.ToRowMajorArray());
            var expected = PlainCox.RobustVariance(rows, beta, ties, naive.ToArray());

            // Assert
            for (var a = 0; a < 3; a++)
                for (var b = 0; b < 3; b++) AssertClose(expected[a, b], fast[a * 3 + b], $"{ties} V[{a},{b}]");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Concordance_equals_the_count_of_every_pair(int seed, int n, int strata, bool entries, int weights, bool clusters)
    {
        // Arrange: η on a coarse grid, so that pairs tie in η too.
        var rows = RandomRows(seed, n, strata, entries, weights, clusters, groups: 0);
        var beta = new[] { 0.5, 0.0, 0.0 };
        var coxRows = RowsOfOne(rows, clusters);
        var eta = new double[n];
        coxRows.LinearPredictor(beta, eta);
        var plainEta = rows.Select(r => Math.Round(r.X[0], 1) * 0.5).ToArray();

        // Act
        var fast = CoxConcordance.Compute(coxRows, eta)!;
        var plain = PlainCox.Concordance(rows, plainEta);

        // Assert
        AssertClose(plain.Concordant, fast.Concordant, "concordant");
        AssertClose(plain.Discordant, fast.Discordant, "discordant");
        AssertClose(plain.Tied, fast.TiedRisk, "tied");
        AssertClose(plain.Concordance, fast.Value, "C");
        AssertClose(plain.StdError, fast.StdError!.Value, "se(C)");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Concordance_by_level_of_few_scores_equals_the_sweep_and_the_count_of_every_pair(
        int seed, int n, int strata, bool entries, int weights, bool clusters)
    {
        // Arrange: η of a binary and a three-valued covariate, six levels, few beside the rows: counted by level.
        var rows = RandomRows(seed, n, strata, entries, weights, clusters, groups: 0);
        var beta = new[] { 0.0, 0.7, 0.0 };
        var coxRows = RowsOfOne(rows, clusters);
        var eta = new double[n];
        coxRows.LinearPredictor(beta, eta);
        for (var k = 0; k < n; k++) eta[k] += Math.Round(Math.Abs(coxRows.Time[k]) % 3) * 0.25;
        var plainEta = PlainEtaOf(rows, coxRows, eta);

        // Act
        var byLevel = CoxConcordance.Compute(coxRows, eta)!;
        var swept = CoxConcordance.Compute(coxRows, eta, maxScoreLevels: 0)!;
        var plain = PlainCox.Concordance(rows, plainEta);

        // Assert: the same sums in another order, so equal to rounding.
        AssertSameEstimate(swept, byLevel, 1e-12);
        AssertClose(plain.Concordant, byLevel.Concordant, "concordant");
        AssertClose(plain.Discordant, byLevel.Discordant, "discordant");
        AssertClose(plain.Tied, byLevel.TiedRisk, "tied");
        AssertClose(plain.Concordance, byLevel.Value, "C");
        AssertClose(plain.StdError, byLevel.StdError!.Value, "se(C)");
    }

    [Fact]
    public void Concordance_by_level_merges_scores_within_the_tie_tolerance_as_the_sweep()
    {
        // Arrange: two groups whose η differ by rounding only, and a third clearly apart.
        var rows = RandomRows(21, 90, 1, false, 0, false, groups: 0);
        var coxRows = RowsOfOne(rows, false);
        var eta = new double[rows.Length];
        for (var k = 0; k < eta.Length; k++) eta[k] = (k % 3) switch { 0 => 0.3, 1 => 0.3 + 1e-14, _ => 0.8 };

        // Act
        var byLevel = CoxConcordance.Compute(coxRows, eta)!;
        var swept = CoxConcordance.Compute(coxRows, eta, maxScoreLevels: 0)!;

        // Assert
        AssertSameEstimate(swept, byLevel, 1e-12);
    }

    /// <summary>The shapes without clusters, which counting-table rows do not carry.</summary>
    public static TheoryData<int, int, int, bool, int> TableShapes => new()
    {
        { 11, 120, 1, false, 0 },
        { 12, 150, 2, false, 1 },
        { 13, 130, 1, false, 2 },
        { 14, 140, 1, true, 0 },
        { 15, 160, 3, true, 2 },
    };

    [Theory]
    [MemberData(nameof(TableShapes))]
    public void Concordance_of_counting_table_rows_equals_the_count_of_every_pair(int seed, int n, int strata, bool entries, int weights)
    {
        // Arrange: four groups, so each group's classes are one large run of equal η (read from the trees' prefix sums).
        var rows = RandomRows(seed, n, strata, entries, weights, clusters: false, groups: 4);
        var beta = new[] { 0.5, -0.4, 0.3 };
        var table = CountingTable.FromSubjects(Survival(rows), Factor.Create([.. rows.Select(r => "abcd"[Group(r)].ToString())]),
            strata > 1 ? Factor.Create([.. rows.Select(r => $"s{r.Stratum}")]) : null);
        var coxRows = CoxRows.OfTable(table, strata > 1, [-1, 0, 1, 2], 3);
        var eta = new double[coxRows.Count];
        coxRows.LinearPredictor(beta, eta);
        var plainEta = rows.Select(r => r.X.Select((x, c) => x * beta[c]).Sum()).ToArray();

        // Act: four groups are four levels of η, counted by level; and swept.
        var fast = CoxConcordance.Compute(coxRows, eta)!;
        var swept = CoxConcordance.Compute(coxRows, eta, maxScoreLevels: 0)!;
        var plain = PlainCox.Concordance(rows, plainEta);

        // Assert: with entries the table does not link a member's entry to its exit, so the standard error is left out.
        AssertSameEstimate(swept, fast, 1e-12);
        AssertClose(plain.Concordant, fast.Concordant, "concordant");
        AssertClose(plain.Discordant, fast.Discordant, "discordant");
        AssertClose(plain.Tied, fast.TiedRisk, "tied");
        AssertClose(plain.Concordance, fast.Value, "C");
        if (entries) Assert.Null(fast.StdError);
        else AssertClose(plain.StdError, fast.StdError!.Value, "se(C)");
    }

    /// <summary>
    /// Rows with integer times (ties, between events and with censorings and entries), covariates on a 0.1 grid (the
    /// first, or group indicators when <paramref name="groups"/> > 0), strata, entries, weights and clusters of about
    /// three rows each.
    /// </summary>
    private static PlainCox.Row[] RandomRows(int seed, int n, int strata, bool entries, int weights, bool clusters, int groups)
    {
        var random = new Random(seed);
        var rows = new PlainCox.Row[n];
        for (var i = 0; i < n; i++)
        {
            var entry = entries ? random.Next(0, 6) : 0.0;
            var time = entry + 1 + random.Next(0, 12);
            double[] x = groups > 0
                ? [.. Enumerable.Range(1, groups - 1).Select(g => i % groups == g ? 1.0 : 0.0)]
                : [Math.Round(random.NextDouble() * 2 - 1, 1), random.Next(0, 2), Math.Round(random.NextDouble() * 3, 1)];
            var weight = weights switch { 1 => 1 + random.Next(0, 3), 2 => Math.Round(0.2 + 2 * random.NextDouble(), 3), _ => 1.0 };
            rows[i] = new PlainCox.Row(entry, time, random.NextDouble() < 0.7, weight, x, strata > 1 ? random.Next(strata) : 0,
                clusters ? i / 3 : i);
        }
        return rows;
    }

    private static int Group(PlainCox.Row row) => Array.IndexOf(row.X, 1.0) + 1;

    private static SurvivalData Survival(PlainCox.Row[] rows)
    {
        var times = rows.Select(r => r.Time).ToArray();
        var events = rows.Select(r => r.Event).ToArray();
        var data = rows.Any(r => r.Entry > 0) ? SurvivalData.Create([.. rows.Select(r => r.Entry)], times, events) : SurvivalData.Create(times, events);
        return rows.Any(r => r.Weight != 1) ? data.WithWeights([.. rows.Select(r => r.Weight)]) : data;
    }

    private static CoxRows RowsOfOne(PlainCox.Row[] rows, bool clusters)
    {
        var terms = Enumerable.Range(0, 3).Select(c => (CoxCovariate)new NumericCovariate($"x{c}", [.. rows.Select(r => r.X[c])])).ToArray();
        var strata = Factor.Create([.. rows.Select(r => $"s{r.Stratum}")]);
        var ids = clusters ? Factor.Create([.. rows.Select(r => $"c{r.Cluster:D3}")]) : null;
        return CoxRows.OfSubjects(Survival(rows), strata, ids, CoxDesign.Build(terms, rows.Length));
    }

    private static void AssertSame((double LogLikelihood, double[] Score, double[,] Information) plain, PartialLikelihood sums, string what)
    {
        AssertClose(plain.LogLikelihood, sums.LogLikelihood, $"{what} log L");
        var p = plain.Score.Length;
        for (var a = 0; a < p; a++)
        {
            AssertClose(plain.Score[a], sums.Score[a], $"{what} U[{a}]");
            for (var b = 0; b < p; b++) AssertClose(plain.Information[a, b], sums.Information[a * p + b], $"{what} I[{a},{b}]");
        }
    }

    /// <summary>η in the plain rows' order, from η in the engine's sorted order.</summary>
    private static double[] PlainEtaOf(PlainCox.Row[] rows, CoxRows coxRows, double[] eta)
    {
        var plainEta = new double[rows.Length];
        for (var k = 0; k < eta.Length; k++) plainEta[coxRows.Order![k]] = eta[k];
        return plainEta;
    }

    private static void AssertSameEstimate(ConcordanceEstimate expected, ConcordanceEstimate actual, double tolerance)
    {
        Assert.Equal(expected.Concordant, actual.Concordant, tolerance * Math.Max(1, expected.Concordant));
        Assert.Equal(expected.Discordant, actual.Discordant, tolerance * Math.Max(1, expected.Discordant));
        Assert.Equal(expected.TiedRisk, actual.TiedRisk, tolerance * Math.Max(1, expected.TiedRisk));
        Assert.Equal(expected.Value, actual.Value, tolerance);
        Assert.Equal(expected.StdError is null, actual.StdError is null);
        if (expected.StdError is { } se) Assert.Equal(se, actual.StdError!.Value, tolerance);
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
}
