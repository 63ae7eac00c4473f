using System.Numerics;
using System.Runtime.InteropServices;
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
internal sealed class ParametricLikelihood : IParametricLikelihood
{
    private readonly ParametricData _data;
    private readonly ParametricFamily _family;
    private readonly int _width;
    private readonly double[] _rowEta;
    private readonly double[]? _gatheredEta;
    private double[]? _rowSums;
    private double? _logScaleOffset;

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
    public double LogScaleOffset => _logScaleOffset ??= ExactLogTimes();

    private double ExactLogTimes()
    {
        if (_family is not LogLocationScaleFamily) return 0;
        var sum = 0.0;
        var logs = _data.LogTimes;
        for (var i = 0; i < logs.Length; i++)
            if (_data.Kinds[i] == (byte)CensoringKind.Exact) sum += (_data.Weights?[i] ?? 1) * logs[i];
        return sum;
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
            // Sum j of row r at j·rows + r, as the crossing reads runs of rows.
            _rowSums ??= new double[_data.RowCount * sumsWidth];
            Array.Clear(_rowSums);
            rowSums = _rowSums;
        }
        var crossing = derivatives ? new DesignCrossing(_data, columns, k, AncillaryStrata, outer) : null;
        DesignCrossing? secondHalf = null;
        var beta = parameters[..columns].ToArray();
        // A subject's η is computed beside its term, in the same half; count rows' η once, before they are gathered.
        if (!perObservation) LinearPredictor(beta, columns, 0, _data.RowCount);

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
                if (derivatives) secondHalf ??= new DesignCrossing(_data, columns, k, AncillaryStrata, outer);
                var halves = new Sink[] { sink, new Sink(secondHalf, null, _data, s, sumsWidth) };
                var family = _family;
                var data = _data;
                Parallel.Invoke(
                    () =>
                    {
                        LinearPredictor(beta, columns, from, middle);
                        family.Terms(data, from, middle, eta.AsSpan(from, middle - from), shape, ref halves[0]);
                        halves[0].Flush();
                    },
                    () =>
                    {
                        LinearPredictor(beta, columns, middle, to);
                        family.Terms(data, middle, to, eta.AsSpan(middle, to - middle), shape, ref halves[1]);
                        halves[1].Flush();
                    });
                sink = halves[0];
                sink.Merge(in halves[1]);
            }
            else
            {
                if (perObservation) LinearPredictor(beta, columns, from, to);
                _family.Terms(_data, from, to, eta.AsSpan(from, to - from), shape, ref sink);
                sink.Flush();
            }
            logLikelihood += sink.LogLikelihood;
            stratumSums[s] = sink.Stratum;
        }
        if (!derivatives) return new LikelihoodPoint(logLikelihood, null, null, null);
        if (secondHalf is not null) crossing!.Add(secondHalf);
        if (rowSums is not null)
        {
            // Count rows are in stratum order: one run per stratum.
            var rowStratum = _data.RowStratum;
            for (int from = 0, to; from < _data.RowCount; from = to)
            {
                for (to = from + 1; to < _data.RowCount && rowStratum[to] == rowStratum[from];) to++;
                crossing!.Add(from, to - from, rowStratum[from], rowSums, from, _data.RowCount);
            }
        }
        var (score, information, outerProduct) = Assemble(crossing!, columns, stratumSums);
        return new LikelihoodPoint(logLikelihood, score, information, outerProduct);
    }

    /// <summary>
    /// η of design rows [<paramref name="from"/>, <paramref name="to"/>): β₀ + x̃'β over the first columns, by vectors
    /// along the design's columns, a block of rows at a time so that η stays in the first-level cache while every
    /// column is added.
    /// </summary>
    private void LinearPredictor(double[] beta, int columns, int from, int to)
    {
        var design = _data.DesignColumns;
        var n = _data.RowCount;
        for (var start = from; start < to; start += DesignCrossing.Block)
        {
            var length = Math.Min(DesignCrossing.Block, to - start);
            var target = _rowEta.AsSpan(start, length);
            target.Fill(beta[0]);
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(target);
            for (var c = 1; c < columns; c++)
            {
                var column = design.AsSpan(c * n + start, length);
                var x = MemoryMarshal.Cast<double, Vector<double>>(column);
                var scale = new Vector<double>(beta[c]);
                for (var v = 0; v < x.Length; v++) vectors[v] += scale * x[v];
                for (var r = x.Length * Vector<double>.Count; r < length; r++) target[r] += beta[c] * column[r];
            }
        }
    }

    /// <summary>The score, information and J'J from the crossed sums and each stratum's sums of its ancillary terms.</summary>
    private (double[] Score, double[] Information, double[]? Outer) Assemble(DesignCrossing crossing, int columns, StratumSums[] strata)
    {
        var k = _family.AncillaryCount;
        var size = ParameterCount(columns);
        var u = new double[size];
        var info = new double[size * size];
        var jj = crossing.OuterGram is null ? null : new double[size * size];
        for (var a = 0; a < columns; a++)
        {
            u[a] = crossing.Score[a];
            for (var b = a; b < columns; b++)
            {
                info[a * size + b] = -crossing.Gram[a * columns + b];
                if (jj is not null) jj[a * size + b] = crossing.OuterGram![a * columns + b];
            }
            for (var m = 0; m < AncillaryStrata * k; m++)
            {
                info[a * size + columns + m] = -crossing.Mixed[m * columns + a];
                if (jj is not null) jj[a * size + columns + m] = crossing.OuterMixed![m * columns + a];
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

    /// <summary>One term's sums for a count row (at most two ancillary parameters).</summary>
    [System.Runtime.CompilerServices.InlineArray(7)]
    private struct TermSums
    {
        private double _first;
    }

    /// <summary>
    /// Adds each weighted term to the log-likelihood and its stratum's sums, and its sums for the crossing with x: into
    /// <paramref name="crossing"/>'s buffer (observations that are rows, crossed a block at a time) or summed per row
    /// (<paramref name="rowSums"/>, sum j of row r at j·rows + r).
    /// </summary>
    private struct Sink(DesignCrossing? crossing, double[]? rowSums, ParametricData data, int stratum, int sumsWidth) : ITermSink
    {
        private readonly int[]? _rowOf = data.RowOf;
        private readonly double[]? _weights = data.Weights;
        private readonly int _rowCount = data.RowCount;
        private readonly int _k = (sumsWidth - 3) / 2;
        private int _blockStart, _blockCount;
        public double LogLikelihood;
        public StratumSums Stratum;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void Add(int observation, in LocalTerm term)
        {
            var w = _weights?[observation] ?? 1;
            LogLikelihood += w * term.Value;
            if (crossing is null && rowSums is null) return;
            var k = _k;
            if (k > 0)
            {
                Stratum.A += w * term.A;
                Stratum.AA += w * term.AA;
                Stratum.JAA += w * term.A * term.A;
            }
            if (k > 1)
            {
                Stratum.B += w * term.B;
                Stratum.AB += w * term.AB;
                Stratum.BB += w * term.BB;
                Stratum.JAB += w * term.A * term.B;
                Stratum.JBB += w * term.B * term.B;
            }
            if (crossing is not null)
            {
                if (_blockCount == DesignCrossing.Block || (_blockCount > 0 && observation != _blockStart + _blockCount)) Flush();
                if (_blockCount == 0) _blockStart = observation;
                Store(crossing.Buffer, _blockCount++, DesignCrossing.Block, w, k, in term);
            }
            else
            {
                // Several observations of a count row add up.
                var row = _rowOf?[observation] ?? observation;
                var sums = new TermSums();
                Store(sums, 0, 1, w, k, in term);
                for (var j = 0; j < sumsWidth; j++) rowSums![row + j * _rowCount] += sums[j];
            }
        }

        /// <summary>The term's sums at <paramref name="at"/> + j·<paramref name="stride"/>: w g_η, w g_ηη, w g_ηθⱼ, w g_η², w g_η g_θⱼ.</summary>
        private static void Store(Span<double> target, int at, int stride, double w, int k, in LocalTerm term)
        {
            target[at] = w * term.E;
            target[at + stride] = w * term.EE;
            target[at + (2 + k) * stride] = w * term.E * term.E;
            if (k > 0)
            {
                target[at + 2 * stride] = w * term.EA;
                target[at + (3 + k) * stride] = w * term.E * term.A;
            }
            if (k > 1)
            {
                target[at + 3 * stride] = w * term.EB;
                target[at + (4 + k) * stride] = w * term.E * term.B;
            }
        }

        /// <summary>Crosses the buffered block of terms with their rows.</summary>
        public void Flush()
        {
            if (_blockCount == 0) return;
            crossing!.Add(_blockStart, _blockCount, stratum, crossing.Buffer, 0, DesignCrossing.Block);
            _blockCount = 0;
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
