using MathNet.Numerics.Distributions;
using Survival.Core.Parametric;

namespace Survival.TestSupport;

/// <summary>
/// A parametric fit's data side written plainly from the standard densities, row by row, for the tests of the fit from
/// sums (<see cref="ParametricStepSums"/>, <see cref="ParametricStartSums"/>) to check the engine and the SQL against.
/// </summary>
public static class PlainParametricSums
{
    /// <summary>
    /// One row as a data side holds it: log t, event, weight, the design row (intercept first, centred), its stratum's
    /// index and log of its entry (−∞ without).
    /// </summary>
    public sealed record Row(double LogTime, bool Event, double Weight, double[] X, int Stratum, double LogEntry);

    /// <summary>
    /// log f₀ or log S₀ at z with its first and second derivatives in z: extreme value log f₀ = z − eᶻ, log S₀ = −eᶻ;
    /// normal log f₀ = −z²/2 − log √(2π), log S₀ = log Φ(−z) with λ = φ(z)/Φ(−z), d/dz = −λ, d²/dz² = −λ(λ − z);
    /// logistic with F = eᶻ/(1 + eᶻ): log f₀ = z − 2 log(1 + eᶻ), d/dz = 1 − 2F, d²/dz² = −2F(1 − F), log S₀ = −log(1 + eᶻ),
    /// d/dz = −F, d²/dz² = −F(1 − F).
    /// </summary>
    private static (double G, double D1, double D2) Standard(ParametricDistribution distribution, bool density, double z)
    {
        switch (distribution)
        {
            case ParametricDistribution.LogNormal:
                if (density) return (-z * z / 2 - 0.5 * Math.Log(2 * Math.PI), -z, -1);
                var tail = Normal.CDF(0, 1, -z);
                var lambda = Normal.PDF(0, 1, z) / tail;
                return (Math.Log(tail), -lambda, -lambda * (lambda - z));
            case ParametricDistribution.LogLogistic:
                var f = 1 / (1 + Math.Exp(-z));
                return density ? (z - 2 * Math.Log(1 + Math.Exp(z)), 1 - 2 * f, -2 * f * (1 - f)) : (-Math.Log(1 + Math.Exp(z)), -f, -f * (1 - f));
            default:
                var ez = Math.Exp(z);
                return density ? (z - ez, 1 - ez, -ez) : (-ez, -ez, -ez);
        }
    }

    /// <summary>
    /// The data side from the formulas: z = (log t − η)/σ of the row's stratum; exact terms log f₀(z) − log σ − log t,
    /// censored log S₀(z), and with an entry e the term −log S₀(z₀), z₀ = (log e − η)/σ. Chain rule per part at its z:
    /// g_η = −g′/σ, g_ηη = g″/σ², g_s = −z g′ (−1 for an exact term), g_ηs = (z g″ + g′)/σ, g_ss = z² g″ + z g′. One block
    /// per stratum.
    /// </summary>
    public static ParametricStepSums Step(Row[] rows, ParametricDistribution distribution, double[] theta, int columns, int strata)
    {
        var free = distribution != ParametricDistribution.Exponential;
        var p = columns;
        var triangle = p * (p + 1) / 2;
        var width = ParametricStepSums.Width(p, free);
        var v = new double[width * strata];
        foreach (var row in rows)
        {
            var s = free ? theta[p + row.Stratum] : 0;
            var sigma = Math.Exp(s);
            var eta = 0.0;
            for (var c = 0; c < p; c++) eta += row.X[c] * theta[c];
            double g = 0, gE = 0, gEE = 0, gS = 0, gES = 0, gSS = 0;
            void Add(double y, bool density, double sign)
            {
                var z = (y - eta) / sigma;
                var (value, d1, d2) = Standard(distribution, density, z);
                g += sign * value;
                gE += sign * -d1 / sigma;
                gEE += sign * d2 / (sigma * sigma);
                gS += sign * -z * d1;
                gES += sign * (z * d2 + d1) / sigma;
                gSS += sign * (z * z * d2 + z * d1);
            }
            Add(row.LogTime, row.Event, 1);
            if (row.Event)
            {
                g -= s + row.LogTime;
                gS -= 1;
            }
            if (double.IsFinite(row.LogEntry)) Add(row.LogEntry, false, -1);
            var w = row.Weight;
            var at = row.Stratum * width;
            v[at] += w * g;
            for (int a = 0, t = 0; a < p; a++)
            {
                v[at + 1 + a] += w * row.X[a] * gE;
                for (var b = a; b < p; b++, t++)
                {
                    v[at + 1 + p + t] += w * row.X[a] * row.X[b] * gEE;
                    v[at + 1 + p + triangle + t] += w * row.X[a] * row.X[b] * gE * gE;
                }
                if (!free) continue;
                v[at + 1 + p + 2 * triangle + a] += w * row.X[a] * gES;
                v[at + 1 + 2 * p + 2 * triangle + a] += w * row.X[a] * gE * gS;
            }
            if (!free) continue;
            var scale = at + 1 + 3 * p + 2 * triangle;
            v[scale] += w * gS;
            v[scale + 1] += w * gSS;
            v[scale + 2] += w * gS * gS;
        }
        return new ParametricStepSums
        {
            Columns = p, FreeScale = free, Strata = strata, Rows = rows.Length,
            ExactLogTimes = rows.Where(r => r.Event).Sum(r => r.Weight * r.LogTime), Values = v,
        };
    }

    /// <summary>The start pass: per stratum and kind Σ w x x' (upper triangle) and Σ w x y, and Σ w y², y = log t.</summary>
    public static ParametricStartSums Start(Row[] rows, int strata)
    {
        var p = rows[0].X.Length;
        var triangle = p * (p + 1) / 2;
        double[] eventGram = new double[triangle * strata], censoredGram = new double[triangle * strata], eventCross = new double[p * strata], censoredCross = new double[p * strata];
        var squares = 0.0;
        foreach (var row in rows)
        {
            var (gram, cross) = row.Event ? (eventGram, eventCross) : (censoredGram, censoredCross);
            for (int a = 0, t = 0; a < p; a++)
            {
                cross[row.Stratum * p + a] += row.Weight * row.X[a] * row.LogTime;
                for (var b = a; b < p; b++, t++) gram[row.Stratum * triangle + t] += row.Weight * row.X[a] * row.X[b];
            }
            squares += row.Weight * row.LogTime * row.LogTime;
        }
        return new ParametricStartSums
        {
            Columns = p, Strata = strata, Rows = rows.Length, Events = rows.Count(r => r.Event), EventGram = eventGram, EventCross = eventCross,
            CensoredGram = censoredGram, CensoredCross = censoredCross, SquaredLogTimes = squares,
        };
    }

}
