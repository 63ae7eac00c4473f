namespace Survival.Core.Cox;

/// <summary>
/// The Cox partial log-likelihood, score and information from per-time sums (<see cref="CoxTimeSums"/>) instead of
/// rows: the second seam of the engine, for fits where the data live. The tie step of each event time is the row
/// engine's (<see cref="CoxLikelihood.SweepPart"/>, <see cref="EfronDenominatorSums"/>), so
/// <see cref="CoxNewtonRaphson"/> takes R's steps on either.
/// </summary>
/// <remarks>
/// The formulas are <see cref="CoxLikelihood"/>'s. Per stratum, walking the distinct times from the latest: the Entry
/// groups at a time leave the risk set sums (S₀, S₁) before its Censored and Event groups join them, as the row sweep
/// takes out the joiners with entry ≥ t before adding t's rows, and S₀, S₁ restart from zero when the rows at risk
/// number zero; at an event time its Event group gives d, Σ_D w, Σ_D w·x, D₀ and D₁, and the tie step adds the
/// log-likelihood, the score and the information but its S₂ part, recording a_t and b_t. The S₂ part is then
/// Σ_t (a_t S₂(t) − b_t D₂(t)) = Σ_leaving groups A(T)·Σr·xx' − Σ_Event groups b_T·Σr·xx' − Σ_Entry groups A(e)·Σr·xx',
/// A(T) = Σ_{event times t ≤ T} a_t within the stratum, walking the times from the earliest: the row engine's Gram
/// coefficients, taken per group rather than per row. Exact ties need every subset of the tied rows and are not
/// available from sums.
/// </remarks>
internal static class CoxTimeSumsLikelihood
{
    /// <summary>log L, U and I at <paramref name="beta"/> from <paramref name="sums"/>, summed at that β.</summary>
    /// <exception cref="InputRuleException">Exact ties, or more tied events at one time than an Efron step counts.</exception>
    public static void Evaluate(CoxTimeSums sums, double[] beta, TieMethod ties, PartialLikelihood into)
    {
        if (ties == TieMethod.Exact) throw new InputRuleException("ties", CoxSumsRegression.TiesRequirement);
        var p = sums.Width;
        into.Clear();
        var order = Order(sums);
        var part = new CoxLikelihood.SweepPart(p);
        var coefficients = new double[sums.Count];
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end < order.Length && sums.Stratum[order[end]] == sums.Stratum[order[start]]) end++;
            Sweep(sums, beta, ties, order, start, end, part, coefficients, into);
            start = end;
        }
        AddSecondMoments(sums, coefficients, into.Information);
        CoxLikelihood.MirrorLowerTriangle(into.Information, p);
    }

    /// <summary>The groups by stratum, then by time from the latest, the Entry groups of a time before its others.</summary>
    private static int[] Order(CoxTimeSums sums)
    {
        var order = Enumerable.Range(0, sums.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = sums.Stratum[a].CompareTo(sums.Stratum[b]);
            if (c != 0) return c;
            c = sums.Time[b].CompareTo(sums.Time[a]);
            if (c != 0) return c;
            return (sums.Role[a] == CoxSumsRole.Entry ? 0 : 1).CompareTo(sums.Role[b] == CoxSumsRole.Entry ? 0 : 1);
        });
        return order;
    }

    /// <summary>
    /// One stratum's groups order[<paramref name="start"/> … <paramref name="end"/>), latest first: the tie terms of
    /// every event time, then each group's coefficient of its Σr·xx' (<see cref="AddSecondMoments"/>).
    /// </summary>
    private static void Sweep(
        CoxTimeSums sums, double[] beta, TieMethod ties, int[] order, int start, int end, CoxLikelihood.SweepPart part, double[] coefficients,
        PartialLikelihood into)
    {
        var p = sums.Width;
        var width = CoxTimeSums.SumWidth(p);
        var s1 = part.S1;
        Array.Clear(s1);
        part.EndEventTime();
        double s0 = 0;
        long atRisk = 0;
        // Each event time's a_t and b_t, latest first, with the position of its first group.
        var eventTimes = new List<(int From, double A, double B)>();
        for (var k = start; k < end;)
        {
            var t = sums.Time[order[k]];
            var from = k;
            long deaths = 0;
            double d0 = 0, deathWeight = 0;
            for (; k < end && sums.Time[order[k]] == t; k++)
            {
                var g = order[k];
                var values = sums.Sums.AsSpan(g * width, width);
                var risk = values[1 + p];
                var riskX = values.Slice(2 + p, p);
                if (sums.Role[g] == CoxSumsRole.Entry)
                {
                    s0 -= risk;
                    for (var c = 0; c < p; c++) s1[c] -= riskX[c];
                    atRisk -= sums.GroupCount[g];
                    // No rounding is carried past an empty risk set, as the row sweep.
                    if (atRisk > 0) continue;
                    s0 = 0;
                    Array.Clear(s1);
                    continue;
                }
                s0 += risk;
                for (var c = 0; c < p; c++) s1[c] += riskX[c];
                atRisk += sums.GroupCount[g];
                if (sums.Role[g] != CoxSumsRole.Event) continue;
                deaths += sums.GroupCount[g];
                deathWeight += values[0];
                d0 += risk;
                for (var c = 0; c < p; c++)
                {
                    part.D1[c] += riskX[c];
                    part.EventX[c] += values[1 + c];
                }
            }
            if (deaths == 0) continue;

            var logLikelihood = part.AddEventScore(beta, 1, into.Score);
            double here, tied = 0;
            if (deaths == 1 || ties == TieMethod.Breslow)
            {
                logLikelihood -= deathWeight * Math.Log(s0);
                part.SubtractBreslow(s0, deathWeight, into);
                here = deathWeight / s0;
            }
            else
            {
                if (deaths > int.MaxValue) throw new InputRuleException("count", "of one time's events must be below 2³¹ for Efron's ties");
                var efron = EfronDenominatorSums.Compute(s0, d0, (int)deaths);
                var meanWeight = deathWeight / deaths;
                logLikelihood -= meanWeight * efron.LogSum;
                part.SubtractEfron(efron, meanWeight, into);
                here = meanWeight * efron.S0;
                tied = meanWeight * efron.S1;
            }
            into.LogLikelihood += logLikelihood;
            part.EndEventTime();
            eventTimes.Add((from, here, tied));
        }

        // A(T) from the earliest time: summed forwards, never as a difference of larger sums.
        var a = 0.0;
        var e = eventTimes.Count - 1;
        for (var k = end - 1; k >= start;)
        {
            var t = sums.Time[order[k]];
            var b = 0.0;
            if (e >= 0 && sums.Time[order[eventTimes[e].From]] == t)
            {
                a += eventTimes[e].A;
                b = eventTimes[e].B;
                e--;
            }
            for (; k >= start && sums.Time[order[k]] == t; k--)
            {
                var g = order[k];
                coefficients[g] = sums.Role[g] switch
                {
                    CoxSumsRole.Entry => -a,
                    CoxSumsRole.Event => a - b,
                    _ => a,
                };
            }
        }
    }

    /// <summary>The lower triangle of Σ_groups c_g Σr·xx' into <paramref name="information"/>.</summary>
    private static void AddSecondMoments(CoxTimeSums sums, double[] coefficients, double[] information)
    {
        var p = sums.Width;
        var width = CoxTimeSums.SumWidth(p);
        var offset = 2 + 2 * p;
        for (var g = 0; g < sums.Count; g++)
        {
            var c = coefficients[g];
            if (c == 0) continue;
            var xx = sums.Sums.AsSpan(g * width + offset, width - offset);
            var packed = 0;
            // The upper triangle row by row, (a, b ≥ a), is the lower triangle's (b, a).
            for (var row = 0; row < p; row++)
                for (var column = row; column < p; column++) information[column * p + row] += c * xx[packed++];
        }
    }
}
