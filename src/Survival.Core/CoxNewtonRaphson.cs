namespace Survival.Core;

/// <summary>
/// Maximizes the Cox partial likelihood by Newton–Raphson from β = 0 exactly as R's survival 3.5 does, so that
/// the estimates, the iteration count and the convergence verdict are R's.
/// </summary>
/// <remarks>
/// Convergence is |1 − log L_best / log L_new| ≤ 10⁻⁹ (R's <c>coxph.control(eps)</c>), at most 20 iterations.
/// A step that lowers the log-likelihood is halved back towards the last accepted β. Breslow and Efron follow R's
/// coxfit6.c: the k-th consecutive halving moves to (new + k·old)/(k + 1), convergence may be declared while halving,
/// and a non-finite likelihood triggers halving. The exact likelihood follows R's coxexact.c: every halving
/// moves to (new + old)/2 and convergence is not declared while halving. When iterations run out both return the last
/// accepted β, which R reports as iteration 21 (coxfit6) or 20 (coxexact).
/// </remarks>
internal sealed class CoxNewtonRaphson
{
    /// <summary>R's <c>coxph.control()$eps</c>.</summary>
    public const double Epsilon = 1e-9;

    /// <summary>R's <c>coxph.control()$iter.max</c>.</summary>
    public const int DefaultMaxIterations = 20;

    private readonly RiskSets _table;
    private readonly ICoxTies _ties;
    private readonly bool _exactRule;
    private readonly GroupRisk _risk;
    private readonly double[] _means;

    /// <param name="table">The risk sets.</param>
    /// <param name="covariateOf">The covariate of each group; −1 for the reference group and groups left out.</param>
    /// <param name="ties">The handling of tied events.</param>
    public CoxNewtonRaphson(RiskSets table, int[] covariateOf, TieMethod ties)
    {
        _table = table;
        _ties = ties switch
        {
            TieMethod.Efron => EfronTies.Instance,
            TieMethod.Breslow => BreslowTies.Instance,
            TieMethod.Exact => ExactTies.Instance,
            _ => throw new ArgumentOutOfRangeException(nameof(ties), ties, "unknown ties method"),
        };
        _exactRule = ties == TieMethod.Exact;
        _risk = new GroupRisk(covariateOf);
        Covariates = covariateOf.Max() + 1;

        // R centres each covariate at its mean over all subjects; the likelihood is unchanged, exp() stays in range.
        _means = new double[Covariates];
        for (var g = 0; g < covariateOf.Length; g++)
        {
            if (covariateOf[g] >= 0) _means[covariateOf[g]] = table.Weighted ? WeightedShare(table, g) : (double)table.GroupSizes[g] / table.SubjectCount;
        }
    }

    public int Covariates { get; }

    /// <summary>The outcome of the iteration.</summary>
    /// <param name="Beta">The estimate; the last accepted β when the iterations ran out, as R.</param>
    /// <param name="LogLikelihoodNull">log L(0).</param>
    /// <param name="ScoreTest">U(0)' I(0)⁻¹ U(0).</param>
    /// <param name="Final">log L, U and I at <paramref name="Beta"/>.</param>
    /// <param name="Iterations">The iteration count R reports.</param>
    /// <param name="Failure">Why the iteration stopped without converging; null when it converged.</param>
    public sealed record Result(
        double[] Beta,
        double LogLikelihoodNull,
        double ScoreTest,
        PartialLikelihood Final,
        int Iterations,
        string? Failure);

    /// <summary>Iterates from β = 0; null when the information at β = 0 is singular, so that no step can be taken.</summary>
    public Result? Run(int maxIterations)
    {
        var m = Covariates;
        var beta = new double[m];
        var atZero = new PartialLikelihood(m);
        Evaluate(beta, atZero);
        if (PositiveDefinite.Solve(atZero.Information, atZero.Score) is not { } step) return null;

        var logLikelihoodNull = atZero.LogLikelihood;
        var scoreTest = Dot(atZero.Score, step);
        var best = logLikelihoodNull;
        var trial = Add(beta, step);
        var current = new PartialLikelihood(m);
        var halving = 0;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            Evaluate(trial, current);
            var logLikelihood = current.LogLikelihood;
            var finite = current.IsFinite();
            if (finite && Math.Abs(1 - best / logLikelihood) <= Epsilon && (halving == 0 || !_exactRule))
                return new Result(trial, logLikelihoodNull, scoreTest, current, iteration, null);
            if (_exactRule && iteration == maxIterations) break;

            if (!finite || logLikelihood < best)
            {
                halving = _exactRule ? 1 : halving + 1;
                for (var c = 0; c < m; c++) trial[c] = (trial[c] + halving * beta[c]) / (halving + 1);
                continue;
            }
            if (PositiveDefinite.Solve(current.Information, current.Score) is not { } newton)
                return new Result(trial, logLikelihoodNull, scoreTest, current, iteration, "the information matrix became singular");
            halving = 0;
            best = logLikelihood;
            beta = trial;
            trial = Add(trial, newton);
        }

        // Out of iterations, R returns the last accepted β, recomputed: coxfit6 as iteration maxIterations + 1,
        // coxexact as iteration maxIterations.
        Evaluate(beta, current);
        return new Result(beta, logLikelihoodNull, scoreTest, current, _exactRule ? maxIterations : maxIterations + 1,
            $"did not converge in {maxIterations} iterations");
    }

    /// <summary>log L, U and I at <paramref name="beta"/>, summed over every event time of every stratum.</summary>
    public void Evaluate(double[] beta, PartialLikelihood into)
    {
        var covariateOf = _risk.CovariateOf;
        var k = covariateOf.Length;
        var centre = Dot(beta, _means);
        for (var g = 0; g < k; g++)
        {
            _risk.Eta[g] = (covariateOf[g] >= 0 ? beta[covariateOf[g]] : 0) - centre;
            _risk.Risk[g] = Math.Exp(_risk.Eta[g]);
        }

        into.Clear();
        var logLikelihood = 0.0;
        for (var row = 0; row < _table.RowCount; row++)
        {
            var deaths = _table.CoxDeaths.AsSpan(row * k, k);
            for (var g = 0; g < k; g++)
            {
                if (deaths[g] == 0) continue;
                logLikelihood += deaths[g] * _risk.Eta[g];
                if (covariateOf[g] >= 0) into.Score[covariateOf[g]] += deaths[g];
            }
            _ties.AddEventTime(_table.CoxAtRisk.AsSpan(row * k, k), deaths, _table.TotalDeaths[row], _risk, into);
        }
        into.LogLikelihood += logLikelihood;
    }

    /// <summary>Group g's share of the total weight, R's weighted mean of its indicator.</summary>
    private static double WeightedShare(RiskSets table, int g)
    {
        double group = 0, total = 0;
        for (var cell = 0; cell < table.Cells.Length; cell++)
        {
            if (table.Cells[cell].Weights is not { } weights) continue;
            var sum = weights.Events.Sum() + weights.Censored.Sum();
            total += sum;
            if (cell % table.GroupCount == g) group += sum;
        }
        return group / total;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double[] Add(double[] a, double[] b)
    {
        var sum = new double[a.Length];
        for (var i = 0; i < a.Length; i++) sum[i] = a[i] + b[i];
        return sum;
    }
}
