namespace Survival.Server.Operations;

/// <summary>
/// The share of the <see cref="MemoryBudget"/> one call holds, grown or shrunk as its estimate is refined — from the
/// bytes of its request as they arrive, to a scan of the whole message, to its parsed message, to each message of a
/// stream — and given back once. It has two parts, so that what a stream's next message costs while it arrives
/// (<see cref="HoldPart.Arriving"/>) and what the stream costs so far (<see cref="HoldPart.Admitted"/>) are one call's
/// hold, never two that wait for each other. The admission middleware puts it in the call's features so the
/// interceptor refines the same hold.
/// </summary>
public sealed class BudgetHold(MemoryBudget budget)
{
    private long _arriving;
    private long _admitted;
    private CallCost _arrivingDriver = CallCost.None;
    private CallCost _admittedDriver = CallCost.None;

    public MemoryBudget Budget => budget;

    /// <summary>Everything the call holds.</summary>
    public long Bytes => Volatile.Read(ref _arriving) + Volatile.Read(ref _admitted);

    /// <summary>
    /// Whether the hold already is the cost read from the whole message's bytes — its scanned cost, its strings
    /// checked — which is the parsed message's cost: the interceptors then have nothing to refine or check.
    /// </summary>
    public bool ScannedWhole { get; set; }

    /// <summary>
    /// The least the admitted part keeps until the call ends: a JSON body's share, which its parsed message does not
    /// replace (the body and the parser's buffers live on while the call runs).
    /// </summary>
    public long Floor { get; set; }

    /// <summary>
    /// Makes <paramref name="part"/> of the hold <paramref name="cost"/> (the admitted part at least <see cref="Floor"/>):
    /// takes the difference (waiting as <see cref="MemoryBudget.AdmitAsync"/>) or gives back the excess.
    /// </summary>
    public async Task<Admission> ResizeAsync(CallCost cost, DateTime deadline, CancellationToken cancellationToken, HoldPart part = HoldPart.Admitted)
    {
        var bytes = part == HoldPart.Admitted ? Math.Max(cost.Bytes, Floor) : cost.Bytes;
        var held = Bytes;
        var wanted = held - Part(part) + bytes;
        if (wanted > held)
        {
            var admission = await budget.AdmitAsync(held, wanted - held, deadline, cancellationToken);
            if (admission != Admission.Admitted) return admission;
        }
        else if (wanted < held)
        {
            budget.Release(held - wanted);
        }
        SetPart(part, bytes);
        if (part == HoldPart.Arriving) _arrivingDriver = cost;
        else _admittedDriver = cost;
        return Admission.Admitted;
    }

    /// <summary>
    /// The call's whole cost were <paramref name="part"/> <paramref name="cost"/>, naming what drives it: what a refusal
    /// reports, and what must fit the budget. A message arriving for a call already admitted for some (a stream's next
    /// message) is named by what the call holds: what it has sent so far is what to reduce.
    /// </summary>
    public CallCost Whole(CallCost cost, HoldPart part)
    {
        if (part == HoldPart.Admitted) return _arrivingDriver with { Bytes = Volatile.Read(ref _arriving) } + cost;
        var admitted = Volatile.Read(ref _admitted);
        return admitted == 0 ? cost : new CallCost(CallCost.Saturating(admitted, cost.Bytes), _admittedDriver.Driver);
    }

    /// <summary>The message has arrived whole and is admitted: what it held while arriving is now the call's.</summary>
    public void Admit()
    {
        _admittedDriver = Whole(_arrivingDriver, HoldPart.Arriving);
        Volatile.Write(ref _admitted, Volatile.Read(ref _admitted) + Interlocked.Exchange(ref _arriving, 0));
    }

    /// <summary>Gives back <paramref name="part"/> of the hold.</summary>
    public void Release(HoldPart part)
    {
        var bytes = part == HoldPart.Arriving ? Interlocked.Exchange(ref _arriving, 0) : Interlocked.Exchange(ref _admitted, 0);
        budget.Release(bytes);
    }

    /// <summary>Grows the arriving part by what <paramref name="bytes"/> more need, only if the room is there now: for work that cannot wait.</summary>
    public bool TryGrowNow(long bytes)
    {
        var more = bytes - Bytes;
        if (more <= 0) return true;
        if (!budget.TryTakeNow(more)) return false;
        Interlocked.Add(ref _arriving, more);
        return true;
    }

    public void Release() => budget.Release(Interlocked.Exchange(ref _arriving, 0) + Interlocked.Exchange(ref _admitted, 0));

    private long Part(HoldPart part) => part == HoldPart.Arriving ? Volatile.Read(ref _arriving) : Volatile.Read(ref _admitted);

    private void SetPart(HoldPart part, long bytes)
    {
        if (part == HoldPart.Arriving) Volatile.Write(ref _arriving, bytes);
        else Volatile.Write(ref _admitted, bytes);
    }
}

/// <summary>The two parts of a call's <see cref="BudgetHold"/>.</summary>
public enum HoldPart
{
    /// <summary>What the request message now arriving costs: its bytes so far, or its scanned cost once whole.</summary>
    Arriving,

    /// <summary>What the call has been admitted for: its message, its parsed request, its stream so far.</summary>
    Admitted,
}
