using Survival.Core.Numerics;

namespace Survival.Core.Parametric;

/// <summary>The log-likelihood at one point, with its score and information when they were asked for.</summary>
/// <param name="LogLikelihood">Σ wᵢ gᵢ; −∞ or NaN where the point is outside the parameter space.</param>
/// <param name="Score">∂ log L/∂θ; null when only the value was computed.</param>
/// <param name="Information">−∂² log L/∂θ∂θ', row-major; null when only the value was computed.</param>
/// <param name="Outer">Σ wᵢ (∂gᵢ/∂θ)(∂gᵢ/∂θ)' (R's J'J), row-major; null unless asked for.</param>
internal sealed record LikelihoodPoint(double LogLikelihood, double[]? Score, double[]? Information, double[]? Outer);

/// <summary>
/// The log-likelihood of a parametric model, log L(β, θ) = Σᵢ wᵢ gᵢ(ηᵢ, θ_{s(i)}) with ηᵢ = β₀ + x̃ᵢ'β (x̃ the centred
/// design row), and its score and information from each term's derivatives in its local parameters.
/// </summary>
/// <remarks>
/// The parameters are β (intercept first) and then each stratum's ancillary parameters. With g_η, g_θ the local
/// derivatives: ∂/∂β = Σ w x g_η, −∂²/∂β∂β' = −Σ w x x' g_ηη, −∂²/∂β∂θ_s = −Σ_{i∈s} w x g_ηθ, and the θ_s blocks are
/// stratum sums; R's <c>survregc1</c> assembles the same sums. A subject's term is crossed with its x as it comes
/// (<see cref="DesignCrossing"/>), in two halves side by side on large data (<see cref="ParallelHalves"/>); count-table
/// terms are first summed per design row (a cell holds many observations of one row), then the rows are crossed.
/// </remarks>
internal sealed class ParametricLikelihood
{
    private readonly ParametricData _data;
    private readonly ParametricFamily _family;
    private readonly int _width;
    private readonly double[] _rowEta;
    private readonly double[]? _gatheredEta;
    private double[]? _rowSums;

    public ParametricLikelihood(ParametricData data, ParametricFamily family)
    {
        _data = data;
        _family = family;
        _width = data.Design.Width;
        _rowEta = new double[data.RowCount];
        _gatheredEta = data.RowOf is null ? null : new double[data.ObservationCount];
    }

    public ParametricData Data => _data;

    public ParametricFamily Family => _family;

    /// <summary>
    /// Σ w log t over the exact observations for a family on log t: the log-likelihood on the log-time scale (R's
    /// before <c>survreg</c> adds its Jacobian) is the time-scale one plus this; 0 for the Gompertz.
    /// </summary>
    public double LogScaleOffset
    {
        get
        {
            if (_family is not LogLocationScaleFamily) return 0;
            var sum = 0.0;
            var logs = _data.LogTimes;
            for (var i = 0; i < logs.Length; i++)
                if (_data.Kinds[i] == (byte)CensoringKind.Exact) sum += (_data.Weights?[i] ?? 1) * logs[i];
            return sum;
        }
    }

    /// <summary>β's length in the full model: the intercept and the design's columns.</summary>
    public int Columns => 1 + _width;

    /// <summary>Strata with their own ancillary parameters (none when the family has none).</summary>
    public int AncillaryStrata => _family.AncillaryCount == 0 ? 0 : _data.StratumCount;

    /// <summary>The number of parameters when the first <paramref name="columns"/> columns of β are fitted.</summary>
    public int ParameterCount(int columns) => columns + AncillaryStrata * _family.AncillaryCount;

    /// <summary>The log-likelihood at <paramref name="parameters"/> (β's first <paramref name="columns"/> columns, then the ancillary parameters).</summary>
    public LikelihoodPoint Evaluate(ReadOnlySpan<double> parameters, int columns, bool derivatives, bool outer = false)
    {
        var k = _family.AncillaryCount;
        var sumsWidth = DesignCrossing.SumsWidth(k);
        // Subjects' observations are their own design rows and are crossed with x as their terms come; count rows
        // are summed per design row first.
        var perObservation = _data.RowOf is null;
        double[]? rowSums = null;
        if (derivatives && !perObservation)
        {
            _rowSums ??= new double[(long)_data.RowCount * sumsWidth > int.MaxValue ? throw new InvalidOperationException("too many rows") : _data.RowCount * sumsWidth];
            Array.Clear(_rowSums);
            rowSums = _rowSums;
        }
        var crossing = derivatives ? new DesignCrossing(columns, k, AncillaryStrata, outer) : null;
        DesignCrossing? secondHalf = null;
        var beta = parameters[..columns].ToArray();
        LinearPredictor(beta, columns);

        var strata = _data.StratumCount;
        var stratumSums = new StratumSums[strata];
        var logLikelihood = 0.0;
        for (var s = 0; s < strata; s++)
        {
            var from = _data.StratumStart[s];
            var to = _data.StratumStart[s + 1];
            var shape = k == 0 ? [] : parameters.Slice(columns + s * k, k).ToArray();
            if (_gatheredEta is not null)
            {
                for (var i = from; i < to; i++) _gatheredEta[i] = _rowEta[_data.RowOf![i]];
            }
            var eta = _gatheredEta ?? _rowEta;
            var sink = new Sink(perObservation ? crossing : null, rowSums, _data, s, sumsWidth);
            if (perObservation && to - from >= ParallelHalves.Threshold)
            {
                // Rows are observations: each half crosses its own rows into its own sums.
                var middle = from + (to - from) / 2;
                if (derivatives) secondHalf ??= new DesignCrossing(columns, k, AncillaryStrata, outer);
                var halves = new Sink[] { sink, new Sink(secondHalf, null, _data, s, sumsWidth) };
                var family = _family;
                var data = _data;
                Parallel.Invoke(
                    () => family.Terms(data, from, middle, eta.AsSpan(from, middle - from), shape, ref halves[0]),
                    () => family.Terms(data, middle, to, eta.AsSpan(middle, to - middle), shape, ref halves[1]));
                sink = halves[0];
                sink.Merge(in halves[1]);
            }
            else _family.Terms(_data, from, to, eta.AsSpan(from, to - from), shape, ref sink);
            logLikelihood += sink.LogLikelihood;
            stratumSums[s] = sink.Stratum;
        }
        if (!derivatives) return new LikelihoodPoint(logLikelihood, null, null, null);
        if (secondHalf is not null) crossing!.Add(secondHalf);
        if (rowSums is not null)
        {
            for (var r = 0; r < _data.RowCount; r++)
                crossing!.Add(_data.Rows.AsSpan(r * _width, _width), _data.RowStratum[r], rowSums.AsSpan(r * sumsWidth, sumsWidth));
        }
        var (score, information, outerProduct) = Assemble(crossing!, columns, stratumSums);
        return new LikelihoodPoint(logLikelihood, score, information, outerProduct);
    }

    /// <summary>η of each design row: β₀ + x̃'β over the first columns.</summary>
    private void LinearPredictor(double[] beta, int columns)
    {
        var rows = _data.Rows;
        var width = _width;
        var eta = _rowEta;
        ParallelHalves.Run(_data.RowCount, (_, from, to) =>
        {
            for (var r = from; r < to; r++)
            {
                var sum = beta[0];
                var row = rows.AsSpan(r * width, width);
                for (var c = 1; c < columns; c++) sum += row[c - 1] * beta[c];
                eta[r] = sum;
            }
        });
    }

    /// <summary>The score, information and J'J from the crossed sums and each stratum's sums of its ancillary terms.</summary>
    private (double[] Score, double[] Information, double[]? Outer) Assemble(DesignCrossing crossing, int columns, StratumSums[] strata)
    {
        var k = _family.AncillaryCount;
        var size = ParameterCount(columns);
        var padded = crossing.Padded;
        var u = new double[size];
        var info = new double[size * size];
        var jj = crossing.OuterGram is null ? null : new double[size * size];
        for (var a = 0; a < columns; a++)
        {
            u[a] = crossing.Score[a];
            for (var b = a; b < columns; b++)
            {
                info[a * size + b] = -crossing.Gram[a * padded + b];
                if (jj is not null) jj[a * size + b] = crossing.OuterGram![a * padded + b];
            }
            for (var m = 0; m < AncillaryStrata * k; m++)
            {
                info[a * size + columns + m] = -crossing.Mixed[m * padded + a];
                if (jj is not null) jj[a * size + columns + m] = crossing.OuterMixed![m * padded + a];
            }
        }
        for (var s = 0; s < AncillaryStrata; s++)
        {
            var at = columns + s * k;
            var sum = strata[s];
            u[at] += sum.A;
            info[at * size + at] -= sum.AA;
            if (jj is not null) jj[at * size + at] += sum.JAA;
            if (k < 2) continue;
            u[at + 1] += sum.B;
            info[at * size + at + 1] -= sum.AB;
            info[(at + 1) * size + at + 1] -= sum.BB;
            if (jj is null) continue;
            jj[at * size + at + 1] += sum.JAB;
            jj[(at + 1) * size + at + 1] += sum.JBB;
        }
        Symmetrize(info, size);
        if (jj is not null) Symmetrize(jj, size);
        return (u, info, jj);
    }

    private static void Symmetrize(double[] matrix, int size)
    {
        for (var a = 0; a < size; a++)
            for (var b = a + 1; b < size; b++) matrix[b * size + a] = matrix[a * size + b];
    }

    /// <summary>The sums over one stratum's terms of the ancillary derivatives (R's dsig, ddsig).</summary>
    private struct StratumSums
    {
        public double A, B, AA, AB, BB, JAA, JAB, JBB;
    }

    /// <summary>A term's weighted sums in <see cref="DesignCrossing"/>'s layout (at most two ancillary parameters).</summary>
    [System.Runtime.CompilerServices.InlineArray(7)]
    private struct TermSums
    {
        private double _first;
    }

    /// <summary>
    /// Adds each weighted term to the log-likelihood and its stratum's sums, and to its design row: crossed with x at
    /// once (<paramref name="crossing"/>, observations that are rows) or summed per row (<paramref name="rowSums"/>).
    /// </summary>
    private struct Sink(DesignCrossing? crossing, double[]? rowSums, ParametricData data, int stratum, int sumsWidth) : ITermSink
    {
        private readonly double[] _rows = data.Rows;
        private readonly int _width = data.Design.Width;
        private readonly int[]? _rowOf = data.RowOf;
        private readonly double[]? _weights = data.Weights;
        public double LogLikelihood;
        public StratumSums Stratum;

        public void Add(int observation, in LocalTerm term)
        {
            var w = _weights?[observation] ?? 1;
            LogLikelihood += w * term.Value;
            if (crossing is null && rowSums is null) return;
            var k = (sumsWidth - 3) / 2;
            var sums = new TermSums();
            sums[0] = w * term.E;
            sums[1] = w * term.EE;
            sums[2 + k] = w * term.E * term.E;
            if (k > 0)
            {
                sums[2] = w * term.EA;
                sums[3 + k] = w * term.E * term.A;
                Stratum.A += w * term.A;
                Stratum.AA += w * term.AA;
                Stratum.JAA += w * term.A * term.A;
            }
            if (k > 1)
            {
                sums[3] = w * term.EB;
                sums[4 + k] = w * term.E * term.B;
                Stratum.B += w * term.B;
                Stratum.AB += w * term.AB;
                Stratum.BB += w * term.BB;
                Stratum.JAB += w * term.A * term.B;
                Stratum.JBB += w * term.B * term.B;
            }
            ReadOnlySpan<double> terms = sums;
            if (crossing is not null)
            {
                crossing.Add(_rows.AsSpan(observation * _width, _width), stratum, terms[..sumsWidth]);
                return;
            }
            var row = rowSums.AsSpan((_rowOf?[observation] ?? observation) * sumsWidth, sumsWidth);
            for (var j = 0; j < sumsWidth; j++) row[j] += terms[j];
        }

        public void Merge(in Sink other)
        {
            LogLikelihood += other.LogLikelihood;
            Stratum.A += other.Stratum.A;
            Stratum.B += other.Stratum.B;
            Stratum.AA += other.Stratum.AA;
            Stratum.AB += other.Stratum.AB;
            Stratum.BB += other.Stratum.BB;
            Stratum.JAA += other.Stratum.JAA;
            Stratum.JAB += other.Stratum.JAB;
            Stratum.JBB += other.Stratum.JBB;
        }
    }
}
