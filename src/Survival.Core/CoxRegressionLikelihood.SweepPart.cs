using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Survival.Core;

internal sealed partial class CoxRegressionLikelihood
{
    /// <summary>
    /// The running sums of one part of a stratum's sweep: S₀ and S₁ of the risk set, D₁ and Σ_D w·x of the current
    /// event time, and the sums of a part swept beside another, added to the total once both are done.
    /// </summary>
    private sealed class SweepPart(int p)
    {
        private readonly double[] _mean = new double[p];

        public double S0 { get; set; }

        public double[] S1 { get; } = new double[p];

        public double[] D1 { get; } = new double[p];

        public double[] EventX { get; } = new double[p];

        public PartialLikelihood Sums { get; } = new(p);

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

        /// <summary>Breslow's terms of one event time but the S₂ part, taken <paramref name="multiplicity"/> (ω·Σ_D w) times.</summary>
        public void SubtractBreslow(double s0, double multiplicity, PartialLikelihood into)
        {
            var p = S1.Length;
            for (var a = 0; a < p; a++) _mean[a] = S1[a] / s0;
            for (var a = 0; a < p; a++)
            {
                into.Score[a] -= multiplicity * _mean[a];
                for (var b = 0; b <= a; b++) into.Information[a * p + b] -= multiplicity * _mean[a] * _mean[b];
            }
        }

        /// <summary>Efron's terms of one event time but the S₂ part, each of the d steps counted <paramref name="multiplicity"/> times.</summary>
        public void SubtractEfron(EfronDenominatorSums sums, double multiplicity, PartialLikelihood into)
        {
            var p = S1.Length;
            for (var a = 0; a < p; a++)
            {
                into.Score[a] -= multiplicity * (S1[a] * sums.S0 - D1[a] * sums.S1);
                for (var b = 0; b <= a; b++)
                {
                    into.Information[a * p + b] -= multiplicity
                        * (S1[a] * S1[b] * sums.T0 - (S1[a] * D1[b] + D1[a] * S1[b]) * sums.T1 + D1[a] * D1[b] * sums.T2);
                }
            }
        }
    }
}
