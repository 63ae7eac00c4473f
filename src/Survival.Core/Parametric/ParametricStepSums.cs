namespace Survival.Core.Parametric;

/// <summary>
/// The sums a data side returns at one point (β, log σ) of a log-location-scale model, from which the log-likelihood,
/// score, information and J'J follow without a row: the parametric half of the engine's second seam.
/// </summary>
/// <remarks>
/// With p design columns (the intercept's ones first, the others centred as the service sent them), each row's term
/// gᵢ(ηᵢ, s) at ηᵢ = x̃ᵢ'β and s = log σ, its case weight w and its derivatives g_η, g_s, g_ηη, g_ηs, g_ss
/// (<see cref="LocalTerm"/>), <see cref="Values"/> holds in order:
/// Σ w g; Σ w x g_η (p); the upper triangle of Σ w x x' g_ηη row by row (p(p+1)/2); the same of Σ w x x' g_η²;
/// and, for a family with a free scale (Weibull, log-normal; not the exponential), Σ w x g_ηs (p), Σ w x g_η g_s (p),
/// Σ w g_s, Σ w g_ss, Σ w g_s². The score is (Σ w x g_η, Σ w g_s), the information −(Σ w x x' g_ηη, Σ w x g_ηs;
/// ·, Σ w g_ss), J'J the same from the products of first derivatives (<see cref="ParametricLikelihood"/>'s sums, one
/// stratum). Every sum is a plain sum over rows, so partitions' sums add.
/// </remarks>
public sealed record ParametricStepSums
{
    /// <summary>Design columns p, the intercept included.</summary>
    public required int Columns { get; init; }

    /// <summary>Whether the sums include the scale's (the family has a free σ).</summary>
    public required bool FreeScale { get; init; }

    /// <summary>Rows summed (the same at every step).</summary>
    public required long Rows { get; init; }

    /// <summary>Σ w log t over the rows with an event (the same at every step): survreg's log-time-scale offset.</summary>
    public required double ExactLogTimes { get; init; }

    /// <summary>The packed sums, <see cref="Width"/> of them in the order of the remarks.</summary>
    public required double[] Values { get; init; }

    /// <summary>How many sums p columns give: 1 + p + p(p+1), and 2p + 3 more with a free scale.</summary>
    public static int Width(int columns, bool freeScale) => 1 + columns + columns * (columns + 1) + (freeScale ? 2 * columns + 3 : 0);

    /// <summary>The log-likelihood, score, information and (when asked) J'J at the point summed, parameters (β, log σ).</summary>
    internal LikelihoodPoint ToPoint(bool derivatives, bool outer)
    {
        var p = Columns;
        var v = Values;
        if (!derivatives) return new LikelihoodPoint(v[0], null, null, null);
        var k = FreeScale ? 1 : 0;
        var size = p + k;
        var triangle = p * (p + 1) / 2;
        var gram = 1 + p;
        var outerGram = gram + triangle;
        var mixed = outerGram + triangle;
        var outerMixed = mixed + p;
        var scale = outerMixed + p;
        var score = new double[size];
        var information = new double[size * size];
        var jj = outer ? new double[size * size] : null;
        for (int a = 0, t = 0; a < p; a++)
        {
            score[a] = v[1 + a];
            for (var b = a; b < p; b++, t++)
            {
                information[a * size + b] = information[b * size + a] = -v[gram + t];
                if (jj is not null) jj[a * size + b] = jj[b * size + a] = v[outerGram + t];
            }
            if (k == 0) continue;
            information[a * size + p] = information[p * size + a] = -v[mixed + a];
            if (jj is not null) jj[a * size + p] = jj[p * size + a] = v[outerMixed + a];
        }
        if (k == 1)
        {
            score[p] = v[scale];
            information[p * size + p] = -v[scale + 1];
            if (jj is not null) jj[p * size + p] = v[scale + 2];
        }
        return new LikelihoodPoint(v[0], score, information, jj);
    }
}
