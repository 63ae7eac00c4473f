namespace Survival.Server.Operations;

/// <summary>
/// The share of the <see cref="MemoryBudget"/> one call holds, grown or shrunk as its estimate is refined — from the
/// request's length, to a scan of its bytes, to its parsed message, to each message of a stream — and given back once.
/// The admission middleware puts it in the call's features so the interceptor refines the same hold.
/// </summary>
public sealed class BudgetHold(MemoryBudget budget)
{
    private long _bytes;

    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>
    /// Whether the hold already is the cost <see cref="WireScan"/> read from the whole uncompressed message, which is the
    /// parsed message's cost: the interceptor then has nothing to refine.
    /// </summary>
    public bool ScannedWhole { get; set; }

    /// <summary>Makes the hold <paramref name="cost"/>: takes the difference (waiting as <see cref="MemoryBudget.AdmitAsync"/>) or gives back the excess.</summary>
    public async Task<Admission> ResizeAsync(CallCost cost, DateTime deadline, CancellationToken cancellationToken)
    {
        var held = Bytes;
        if (cost.Bytes <= held)
        {
            if (cost.Bytes < held) budget.Release(held - cost.Bytes);
            Volatile.Write(ref _bytes, cost.Bytes);
            return Admission.Admitted;
        }
        var admission = await budget.AdmitAsync(held, cost.Bytes - held, deadline, cancellationToken);
        if (admission == Admission.Admitted) Volatile.Write(ref _bytes, cost.Bytes);
        return admission;
    }

    public void Release() => budget.Release(Interlocked.Exchange(ref _bytes, 0));
}
