using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Survival.Core.Numerics;

namespace Survival.Core.Cox;

/// <summary>The likelihood's vectorised and parallel kernels: the sweep's running sums, the tie terms' products and the Gram matrix.</summary>
internal sealed partial class CoxLikelihood
{
    /// <summary>The lower triangle of Σ cₖ xₖxₖ' (cₖ the rows' coefficients, <see cref="_gram"/>) added to <paramref name="information"/>, in two halves side by side.</summary>
    private void AddGram(double[] information)
    {
        if (_patternRows.Length > 0)
        {
            AddPatternGram(information);
            return;
        }
        var p = _rows.Width;
        ParallelHalves.Run(_rows.Count, (half, from, to) => Gram(from, to, _halves[half]));
        // A loop too small to cut leaves the second half's sum at zero.
        foreach (var sum in _halves)
        {
            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b <= a; b++) information[a * p + b] += sum[a * p + b];
            }
        }
    }

    /// <summary>
    /// The lower triangle of Σ cₖ xₖxₖ' for counting-table rows, whose rows of one pattern share their covariates: each
    /// pattern's Σ cₖ by one pass over the rows, then one product x x' per pattern instead of one per row.
    /// </summary>
    private void AddPatternGram(double[] information)
    {
        var p = _rows.Width;
        var sums = _patternGram;
        Array.Clear(sums);
        var pattern = _rows.Table!.Pattern;
        for (var k = 0; k < pattern.Length; k++) sums[pattern[k]] += _gram[k];
        for (var g = 0; g < sums.Length; g++)
        {
            // A pattern no row has sums to zero.
            if (_patternRows[g] < 0) continue;
            var x = _rows.Row(_patternRows[g]);
            for (var a = 0; a < p; a++)
            {
                var cx = sums[g] * x[a];
                for (var b = 0; b <= a; b++) information[a * p + b] += cx * x[b];
            }
        }
    }

    /// <summary>Σ cₖ xₖxₖ' over rows [<paramref name="from"/>, <paramref name="to"/>), its lower triangle, into <paramref name="sum"/>.</summary>
    /// <remarks>
    /// The innermost loop of the fit, written on references so that no bound is checked, by vectors along each row
    /// of the product: <paramref name="sum"/> has p² elements and every row of the design p.
    /// </remarks>
    private void Gram(int from, int to, double[] sum)
    {
        var p = _rows.Width;
        Array.Clear(sum);
        var vectorEnd = p - p % Vector<double>.Count;
        ref var s = ref MemoryMarshal.GetArrayDataReference(sum);
        ref var x0 = ref MemoryMarshal.GetArrayDataReference(_rows.X);
        for (var k = from; k < to; k++)
        {
            var c = _gram[k];
            if (c == 0) continue;
            ref var x = ref Unsafe.Add(ref x0, (nint)k * p);
            for (var a = 0; a < p; a++)
            {
                var cx = c * Unsafe.Add(ref x, a);
                ref var row = ref Unsafe.Add(ref s, a * p);
                var scale = new Vector<double>(cx);
                // Only the lower triangle, b ≤ a, is read: the vectors stop at the one holding the diagonal.
                var b = 0;
                for (; b < vectorEnd && b <= a; b += Vector<double>.Count)
                {
                    ref var target = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref row, b));
                    target += scale * Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref x, b));
                }
                for (; b <= a; b++) Unsafe.Add(ref row, b) += cx * Unsafe.Add(ref x, b);
            }
        }
    }

    /// <summary>sum += r·x.</summary>
    private static void Accumulate(ReadOnlySpan<double> x, double r, Span<double> sum)
    {
        ref var first = ref MemoryMarshal.GetReference(sum);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        for (var a = 0; a < x.Length; a++) Unsafe.Add(ref first, a) += r * Unsafe.Add(ref x0, a);
    }

    internal static void MirrorLowerTriangle(double[] matrix, int p)
    {
        for (var a = 0; a < p; a++)
        {
            for (var b = a + 1; b < p; b++) matrix[a * p + b] = matrix[b * p + a];
        }
    }

    /// <summary>
    /// The running sums of one part of a stratum's sweep: S₀ and S₁ of the risk set, D₁ and Σ_D w·x of the current
    /// event time, and the sums of a part swept beside another, added to the total once both are done.
    /// </summary>
    /// <summary>One event time's rows [<paramref name="From"/>, <paramref name="To"/>) and its a_t and b_t.</summary>
    internal readonly record struct EventTime(int From, int To, double A, double B);

    internal sealed class SweepPart(int p)
    {
        private readonly double[] _alpha = new double[p], _beta = new double[p];

        public double S0 { get; set; }

        public double[] S1 { get; } = new double[p];

        public double[] D1 { get; } = new double[p];

        public double[] EventX { get; } = new double[p];

        public PartialLikelihood Sums { get; } = new(p);

        /// <summary>The event times swept, latest first: their rows and their Gram coefficients a_t and b_t.</summary>
        public List<EventTime> EventTimes { get; } = [];

        /// <summary>Empties the risk set, for a sweep that starts at the stratum's latest time.</summary>
        public void Start()
        {
            S0 = 0;
            Array.Clear(S1);
        }

        /// <summary>S₁ += r·x, D₁ += d·x and Σ_D w·x += e·x for the row at <paramref name="x"/>, by vectors.</summary>
        public void AddRow(ref double x, double r, double d, double e)
        {
            var p = S1.Length;
            ref var s1 = ref MemoryMarshal.GetArrayDataReference(S1);
            ref var d1 = ref MemoryMarshal.GetArrayDataReference(D1);
            ref var ex = ref MemoryMarshal.GetArrayDataReference(EventX);
            var c = 0;
            if (p >= Vector<double>.Count)
            {
                var (vr, vd, ve) = (new Vector<double>(r), new Vector<double>(d), new Vector<double>(e));
                for (; c <= p - Vector<double>.Count; c += Vector<double>.Count)
                {
                    var xv = Vector.LoadUnsafe(ref x, (nuint)c);
                    (Vector.LoadUnsafe(ref s1, (nuint)c) + vr * xv).StoreUnsafe(ref s1, (nuint)c);
                    (Vector.LoadUnsafe(ref d1, (nuint)c) + vd * xv).StoreUnsafe(ref d1, (nuint)c);
                    (Vector.LoadUnsafe(ref ex, (nuint)c) + ve * xv).StoreUnsafe(ref ex, (nuint)c);
                }
            }
            for (; c < p; c++)
            {
                var xc = Unsafe.Add(ref x, c);
                Unsafe.Add(ref s1, c) += r * xc;
                Unsafe.Add(ref d1, c) += d * xc;
                Unsafe.Add(ref ex, c) += e * xc;
            }
        }

        /// <summary>U += ω·Σ_D w·x of the event time; returns its Σ_D w·x'β, by vectors.</summary>
        public double AddEventScore(double[] beta, double omega, double[] score)
        {
            var p = EventX.Length;
            ref var ex = ref MemoryMarshal.GetArrayDataReference(EventX);
            ref var b0 = ref MemoryMarshal.GetArrayDataReference(beta);
            ref var u0 = ref MemoryMarshal.GetArrayDataReference(score);
            var dot = Vector<double>.Zero;
            var c = 0;
            if (p >= Vector<double>.Count)
            {
                var vo = new Vector<double>(omega);
                for (; c <= p - Vector<double>.Count; c += Vector<double>.Count)
                {
                    var x = Vector.LoadUnsafe(ref ex, (nuint)c);
                    (Vector.LoadUnsafe(ref u0, (nuint)c) + vo * x).StoreUnsafe(ref u0, (nuint)c);
                    dot += x * Vector.LoadUnsafe(ref b0, (nuint)c);
                }
            }
            var sum = Vector.Sum(dot);
            for (; c < p; c++)
            {
                Unsafe.Add(ref u0, c) += omega * Unsafe.Add(ref ex, c);
                sum += Unsafe.Add(ref ex, c) * Unsafe.Add(ref b0, c);
            }
            return sum;
        }

        /// <summary>Empties D₁ and Σ_D w·x for the next event time.</summary>
        public void EndEventTime()
        {
            // By vectors in place: a call to clear a few numbers costs more than clearing them, once per event time.
            var p = D1.Length;
            ref var d1 = ref MemoryMarshal.GetArrayDataReference(D1);
            ref var ex = ref MemoryMarshal.GetArrayDataReference(EventX);
            var c = 0;
            for (; c <= p - Vector<double>.Count; c += Vector<double>.Count)
            {
                Vector<double>.Zero.StoreUnsafe(ref d1, (nuint)c);
                Vector<double>.Zero.StoreUnsafe(ref ex, (nuint)c);
            }
            for (; c < p; c++) Unsafe.Add(ref d1, c) = Unsafe.Add(ref ex, c) = 0;
        }

        /// <summary>Breslow's terms of one event time but the S₂ part, taken <paramref name="multiplicity"/> (ω·Σ_D w) times.</summary>
        /// <remarks>U −= m·S₁/S₀ and I −= αS₁' with α = m·S₁/S₀², by vectors.</remarks>
        public void SubtractBreslow(double s0, double multiplicity, PartialLikelihood into)
        {
            var p = S1.Length;
            var scoreScale = multiplicity / s0;
            var productScale = scoreScale / s0;
            ref var s1 = ref MemoryMarshal.GetArrayDataReference(S1);
            ref var score = ref MemoryMarshal.GetArrayDataReference(into.Score);
            ref var alpha = ref MemoryMarshal.GetArrayDataReference(_alpha);
            var c = 0;
            if (p >= Vector<double>.Count)
            {
                var (vs, vp) = (new Vector<double>(scoreScale), new Vector<double>(productScale));
                for (; c <= p - Vector<double>.Count; c += Vector<double>.Count)
                {
                    var x = Vector.LoadUnsafe(ref s1, (nuint)c);
                    (Vector.LoadUnsafe(ref score, (nuint)c) - vs * x).StoreUnsafe(ref score, (nuint)c);
                    (vp * x).StoreUnsafe(ref alpha, (nuint)c);
                }
            }
            for (; c < p; c++)
            {
                Unsafe.Add(ref score, c) -= scoreScale * Unsafe.Add(ref s1, c);
                Unsafe.Add(ref alpha, c) = productScale * Unsafe.Add(ref s1, c);
            }
            SubtractProducts(into.Information, _alpha, S1, null, null);
        }

        /// <summary>
        /// Efron's terms of one event time of d ≥ 2 tied events but the S₂ part, each of the d steps counted
        /// <paramref name="multiplicity"/> times (with one event they are Breslow's).
        /// </summary>
        /// <remarks>
        /// I_ab −= m(S₁ₐS₁ᵦT₀ − (S₁ₐD₁ᵦ + D₁ₐS₁ᵦ)T₁ + D₁ₐD₁ᵦT₂), taken row by row as αₐS₁ᵦ + βₐD₁ᵦ with
        /// αₐ = m(S₁ₐT₀ − D₁ₐT₁) and βₐ = m(D₁ₐT₂ − S₁ₐT₁), so that each row is two products of vectors.
        /// </remarks>
        public void SubtractEfron(EfronDenominatorSums sums, double multiplicity, PartialLikelihood into)
        {
            var p = S1.Length;
            if (p < Vector<double>.Count)
            {
                SubtractEfronNarrow(sums, multiplicity, into);
                return;
            }
            for (var a = 0; a < p; a++)
            {
                into.Score[a] -= multiplicity * (S1[a] * sums.S0 - D1[a] * sums.S1);
                _alpha[a] = multiplicity * (S1[a] * sums.T0 - D1[a] * sums.T1);
                _beta[a] = multiplicity * (D1[a] * sums.T2 - S1[a] * sums.T1);
            }
            SubtractProducts(into.Information, _alpha, S1, _beta, D1);
        }

        /// <summary>
        /// <see cref="SubtractEfron"/> for fewer covariates than a vector holds (a group factor's few indicators): αₐ and
        /// βₐ taken row by row of the lower triangle, in one pass without the vectors' set-up.
        /// </summary>
        private void SubtractEfronNarrow(EfronDenominatorSums sums, double multiplicity, PartialLikelihood into)
        {
            var (s1, d1, score, information) = (S1, D1, into.Score, into.Information);
            var p = s1.Length;
            var (m0, m1) = (multiplicity * sums.S0, multiplicity * sums.S1);
            var (t0, t1, t2) = (multiplicity * sums.T0, multiplicity * sums.T1, multiplicity * sums.T2);
            for (var a = 0; a < p; a++)
            {
                var (sa, da) = (s1[a], d1[a]);
                score[a] -= sa * m0 - da * m1;
                var (alpha, beta) = (sa * t0 - da * t1, da * t2 - sa * t1);
                var row = information.AsSpan(a * p, a + 1);
                for (var b = 0; b < row.Length; b++) row[b] -= alpha * s1[b] + beta * d1[b];
            }
        }

        /// <summary>
        /// I_ab −= αₐuᵦ (+ βₐvᵦ) for b ≤ a, by vectors along each row up to the one holding the diagonal: the entries
        /// above the diagonal that vector also writes are overwritten when the lower triangle is mirrored.
        /// </summary>
        private static void SubtractProducts(double[] information, double[] alpha, double[] u, double[]? beta, double[]? v)
        {
            var p = u.Length;
            var vectorEnd = p - p % Vector<double>.Count;
            ref var u0 = ref MemoryMarshal.GetArrayDataReference(u);
            ref var v0 = ref v is null ? ref u0 : ref MemoryMarshal.GetArrayDataReference(v);
            for (var a = 0; a < p; a++)
            {
                ref var row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(information), a * p);
                var (va, vb) = (new Vector<double>(alpha[a]), new Vector<double>(beta?[a] ?? 0));
                var b = 0;
                for (; b < vectorEnd && b <= a; b += Vector<double>.Count)
                {
                    var product = va * Vector.LoadUnsafe(ref u0, (nuint)b);
                    if (beta is not null) product += vb * Vector.LoadUnsafe(ref v0, (nuint)b);
                    (Vector.LoadUnsafe(ref row, (nuint)b) - product).StoreUnsafe(ref row, (nuint)b);
                }
                for (; b <= a; b++)
                    Unsafe.Add(ref row, b) -= alpha[a] * Unsafe.Add(ref u0, b) + (beta is null ? 0 : beta[a] * Unsafe.Add(ref v0, b));
            }
        }
    }
}
