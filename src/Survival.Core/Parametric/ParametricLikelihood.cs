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
/// stratum sums; R's <c>survregc1</c> assembles the same sums. Subjects go a block of 256 at a time: their η, their
/// terms (<see cref="ParametricFamily.Block"/>), the weighted sums by vectors and the crossing with x
/// (<see cref="DesignCrossing"/>) while the block's design rows are in the cache, in two halves side by side on large
/// data (<see cref="ParallelHalves"/>) whose sums are added in a fixed order, so that a fit is reproducible; count-table
/// terms are first summed per design row (a cell holds many observations of one row), then the rows are crossed.
/// </remarks>
internal sealed class ParametricLikelihood : IParametricLikelihood
{
    private readonly ParametricData _data;
    private readonly ParametricFamily _family;
    private readonly int _width;
    // Count rows' η, and each observation's gathered from its row; a subject's η is its block's (TermBlock.Eta).
    private readonly double[]? _rowEta;
    private readonly double[]? _gatheredEta;
    private double[]? _rowSums;

    // A block of terms for each half of a stratum.
    private readonly TermBlock[] _blocks = [new(), new()];

    private double? _logScaleOffset;

    public ParametricLikelihood(ParametricData data, ParametricFamily family)
    {
        _data = data;
        _family = family;
        _width = data.Design.Width;
        _rowEta = data.RowOf is null ? null : new double[data.RowCount];
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
        // Subjects' observations are their own design rows and are crossed with x a block at a time; count rows are
        // summed per design row first.
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
        // A subject's η is computed a block at a time beside its term, while the block's design rows are in the cache;
        // count rows' η once, before they are gathered.
        if (!perObservation) LinearPredictor(beta, columns, 0, _data.RowCount, _rowEta);
        var blockBeta = perObservation ? beta : null;

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
                for (var i = from; i < to; i++) _gatheredEta[i] = _rowEta![_data.RowOf![i]];
            }
            var eta = _gatheredEta;
            StratumSums sums;
            if (perObservation && to - from >= ParallelHalves.Threshold)
            {
                // Rows are observations: each half crosses its own rows into its own sums, added in a fixed order.
                var middle = from + (to - from) / 2;
                if (derivatives) secondHalf ??= new DesignCrossing(_data, columns, k, AncillaryStrata, outer);
                var halves = new StratumSums[2];
                Parallel.Invoke(
                    () => halves[0] = Sum(from, middle, s, blockBeta, eta, shape, crossing, null, _blocks[0]),
                    () => halves[1] = Sum(middle, to, s, blockBeta, eta, shape, secondHalf, null, _blocks[1]));
                sums = halves[0];
                sums.Add(in halves[1]);
            }
            else
            {
                sums = Sum(from, to, s, blockBeta, eta, shape, crossing, rowSums, _blocks[0]);
            }
            logLikelihood += sums.LogLikelihood;
            stratumSums[s] = sums;
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
    /// The weighted sums of observations [<paramref name="from"/>, <paramref name="to"/>) of one stratum, a block of
    /// terms at a time (<see cref="ParametricFamily.Block"/>): the log-likelihood and, given a crossing, the stratum's
    /// sums of the ancillary terms and the sums to cross with x (<see cref="DesignCrossing.SumsWidth"/>), crossed at once
    /// when observations are rows or added to their rows' <paramref name="rowSums"/> (sum j of row r at j·rows + r).
    /// Given <paramref name="beta"/>, observations are rows and each block's η is computed first, so that the design
    /// is read once for η and the crossing.
    /// </summary>
    private StratumSums Sum(
        int from, int to, int stratum, double[]? beta, double[]? eta, ReadOnlySpan<double> shape, DesignCrossing? crossing, double[]? rowSums, TermBlock block)
    {
        var k = _family.AncillaryCount;
        var sums = new StratumSums();
        for (var start = from; start < to; start += TermBlock.Length)
        {
            var count = Math.Min(TermBlock.Length, to - start);
            if (beta is not null) LinearPredictor(beta, beta.Length, start, start + count, block.Eta);
            _family.Block(_data, start, count, beta is null ? eta.AsSpan(start, count) : block.Eta.AsSpan(0, count), shape, block);
            ReadOnlySpan<double> w = _data.Weights is null ? DesignCrossing.Ones.AsSpan(0, count) : _data.Weights.AsSpan(start, count);
            sums.LogLikelihood += DesignCrossing.Dot(w, block.Value);
            if (crossing is null) continue;
            var product = block.Product;
            if (k > 0)
            {
                sums.A += DesignCrossing.Dot(w, block.A);
                sums.AA += DesignCrossing.Dot(w, block.AA);
                DesignCrossing.Multiply(w, block.A, product);
                sums.JAA += DesignCrossing.Dot(product.AsSpan(0, count), block.A);
            }
            if (k > 1)
            {
                sums.B += DesignCrossing.Dot(w, block.B);
                sums.AB += DesignCrossing.Dot(w, block.AB);
                sums.BB += DesignCrossing.Dot(w, block.BB);
                sums.JAB += DesignCrossing.Dot(product.AsSpan(0, count), block.B);
                DesignCrossing.Multiply(w, block.B, product);
                sums.JBB += DesignCrossing.Dot(product.AsSpan(0, count), block.B);
            }
            // Sum j of the block's observation i at j·Block + i: w g_η, w g_ηη, w g_ηθⱼ and, for J'J, w g_η², w g_η g_θⱼ.
            const int stride = DesignCrossing.Block;
            var buffer = crossing.Buffer;
            DesignCrossing.Multiply(w, block.E, buffer);
            DesignCrossing.Multiply(w, block.EE, buffer.AsSpan(stride));
            if (k > 0) DesignCrossing.Multiply(w, block.EA, buffer.AsSpan(2 * stride));
            if (k > 1) DesignCrossing.Multiply(w, block.EB, buffer.AsSpan(3 * stride));
            var width = 2 + k;
            if (crossing.OuterGram is not null)
            {
                ReadOnlySpan<double> weighted = buffer.AsSpan(0, count);
                DesignCrossing.Multiply(weighted, block.E, buffer.AsSpan((2 + k) * stride));
                if (k > 0) DesignCrossing.Multiply(weighted, block.A, buffer.AsSpan((3 + k) * stride));
                if (k > 1) DesignCrossing.Multiply(weighted, block.B, buffer.AsSpan((4 + k) * stride));
                width = DesignCrossing.SumsWidth(k);
            }
            if (rowSums is null)
            {
                crossing.Add(start, count, stratum, buffer, 0, stride);
                continue;
            }
            // Several observations of a count row add up.
            var rowOf = _data.RowOf!;
            var rows = _data.RowCount;
            for (var i = 0; i < count; i++)
            {
                var row = rowOf[start + i];
                for (var j = 0; j < width; j++) rowSums[row + j * rows] += buffer[j * stride + i];
            }
        }
        return sums;
    }

    /// <summary>
    /// η of design rows [<paramref name="from"/>, <paramref name="to"/>) into <paramref name="eta"/> (row from at its
    /// start): β₀ + x̃'β over the first columns, by vectors along the
    /// design's columns, a block of rows at a time so that η stays in the first-level cache while every column is added.
    /// </summary>
    private void LinearPredictor(double[] beta, int columns, int from, int to, Span<double> eta)
    {
        var design = _data.DesignColumns;
        var n = _data.RowCount;
        for (var start = from; start < to; start += DesignCrossing.Block)
        {
            var length = Math.Min(DesignCrossing.Block, to - start);
            var target = eta.Slice(start - from, length);
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
        public double LogLikelihood, A, B, AA, AB, BB, JAA, JAB, JBB;

        /// <summary>Adds another part's sums (the second half of a stratum).</summary>
        public void Add(in StratumSums other)
        {
            LogLikelihood += other.LogLikelihood;
            A += other.A;
            B += other.B;
            AA += other.AA;
            AB += other.AB;
            BB += other.BB;
            JAA += other.JAA;
            JAB += other.JAB;
            JBB += other.JBB;
        }
    }
}
