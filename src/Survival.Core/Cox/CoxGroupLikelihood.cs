using Survival.Core.Counting;

namespace Survival.Core.Cox;

/// <summary>
/// The Cox partial likelihood of a group factor read from the risk sets of the counting table: every subject of a
/// group has the same η, so an event time costs O(groups²) whatever the number of subjects.
/// </summary>
/// <remarks>
/// R centres each indicator at its mean over all subjects, as <c>coxph</c> centres every covariate; the likelihood is
/// unchanged and exp() stays in range. The denominators are those of the tie method (<see cref="ICoxTies"/>).
/// </remarks>
internal sealed class CoxGroupLikelihood : ICoxLikelihood
{
    private readonly RiskSets _table;
    private readonly ICoxTies _ties;
    private readonly GroupRisk _risk;
    private readonly double[] _means;

    /// <param name="table">The risk sets.</param>
    /// <param name="covariateOf">The covariate of each group; −1 for the reference group and groups left out.</param>
    /// <param name="ties">The handling of tied events.</param>
    public CoxGroupLikelihood(RiskSets table, int[] covariateOf, TieMethod ties)
    {
        _table = table;
        _ties = ties switch
        {
            TieMethod.Efron => EfronTies.Instance,
            TieMethod.Breslow => BreslowTies.Instance,
            TieMethod.Exact => ExactTies.Instance,
            _ => throw new ArgumentOutOfRangeException(nameof(ties), ties, "unknown ties method"),
        };
        _risk = new GroupRisk(covariateOf);
        Width = covariateOf.Max() + 1;
        _means = new double[Width];
        for (var g = 0; g < covariateOf.Length; g++)
        {
            if (covariateOf[g] >= 0) _means[covariateOf[g]] = table.Weighted ? WeightedShare(table, g) : (double)table.GroupSizes[g] / table.SubjectCount;
        }
    }

    public int Width { get; }

    public void Evaluate(double[] beta, PartialLikelihood into)
    {
        var covariateOf = _risk.CovariateOf;
        var k = covariateOf.Length;
        var centre = CoxNewtonRaphson.Dot(beta, _means);
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
}
