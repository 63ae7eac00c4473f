using System.Diagnostics.Metrics;

namespace Survival.Server.Operations;

/// <summary>
/// Admits calls while the sum of their estimated costs stays within <c>Survival:MemoryBudgetMiB</c>; others wait in
/// arrival order. A call larger than the whole budget is refused at once: it could never run.
/// </summary>
/// <remarks>
/// Its state is on /metrics as gauges of the service's meter: <c>survival.memory_budget.in_use</c> (bytes held) and
/// <c>survival.memory_budget.waiting</c> (calls waiting).
/// </remarks>
public sealed class MemoryBudget : IDisposable
{
    /// <summary>Keeps the process under 1 GiB: the runtime, the parsed requests and the responses need the rest.</summary>
    public const int DefaultMiB = 448;

    private readonly object _gate = new();
    private readonly LinkedList<(long Bytes, TaskCompletionSource Admitted)> _waiting = new();
    private readonly Meter _meter = new(RpcMetrics.MeterName);
    private long _available;
    private bool _holderWaits;

    public MemoryBudget(IConfiguration configuration)
    {
        TotalBytes = configuration.GetValue("Survival:MemoryBudgetMiB", DefaultMiB) * (1L << 20);
        MaxWait = TimeSpan.FromSeconds(configuration.GetValue("Survival:MemoryBudget:MaxWaitSeconds", 30.0));
        _available = TotalBytes;
        _meter.CreateObservableGauge("survival.memory_budget.in_use", () => InUseBytes, unit: "By", description: "bytes of the memory budget held by admitted calls");
        _meter.CreateObservableGauge("survival.memory_budget.waiting", () => Waiting, description: "calls waiting for room in the memory budget");
    }

    public long TotalBytes { get; }

    /// <summary>What admitted calls hold now (the <c>survival.memory_budget.in_use</c> gauge).</summary>
    public long InUseBytes
    {
        get { lock (_gate) return TotalBytes - _available; }
    }

    /// <summary>Calls waiting for room, in arrival order (the <c>survival.memory_budget.waiting</c> gauge).</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiting.Count; }
    }

    /// <summary>The longest a call waits for room when its deadline allows more (or it has none).</summary>
    public TimeSpan MaxWait { get; }

    /// <summary>
    /// Takes <paramref name="more"/> bytes for a call that holds <paramref name="held"/> already, waiting for room at most
    /// until <paramref name="deadline"/> and <see cref="MaxWait"/>; a call whose whole cost exceeds the budget is refused at once.
    /// </summary>
    /// <remarks>
    /// A call that holds nothing waits in arrival order. A call that holds some already (its message still arriving,
    /// a stream growing, a message parsed to a larger cost) takes room before them, since what it holds comes back only
    /// when it ends; and only one such call waits at a time — another is refused at once (<see cref="Admission.NoRoomNow"/>),
    /// giving back what it holds. Calls holding budget while waiting for each other would otherwise wait for ever.
    /// </remarks>
    public async Task<Admission> AdmitAsync(long held, long more, DateTime deadline, CancellationToken cancellationToken)
    {
        if (held + more > TotalBytes) return Admission.NeverFits;
        LinkedListNode<(long, TaskCompletionSource)>? node;
        lock (_gate)
        {
            // Most calls find room at once; only a wait needs the timer of its deadline.
            if (held > 0 ? TakeIfRoomBeforeWaiters(more) : TakeIfRoom(more)) return Admission.Admitted;
            if (held > 0 && _holderWaits) return Admission.NoRoomNow;
            _holderWaits |= held > 0;
            node = Enqueue(more, first: held > 0);
        }
        try
        {
            var wait = deadline - DateTime.UtcNow;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait < MaxWait ? (wait < TimeSpan.Zero ? TimeSpan.Zero : wait) : MaxWait);
            if (await WaitAsync(node, timeout.Token)) return Admission.Admitted;
            return cancellationToken.IsCancellationRequested ? Admission.Cancelled : Admission.NoRoomInTime;
        }
        finally
        {
            if (held > 0)
            {
                lock (_gate) _holderWaits = false;
            }
        }
    }

    /// <summary>Waits, in arrival order, for room for <paramref name="bytes"/>; false when <paramref name="cancellationToken"/> fires first.</summary>
    public async Task<bool> TryAcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        LinkedListNode<(long, TaskCompletionSource)> node;
        lock (_gate)
        {
            if (TakeIfRoom(bytes)) return true;
            node = Enqueue(bytes, first: false);
        }
        return await WaitAsync(node, cancellationToken);
    }

    private LinkedListNode<(long, TaskCompletionSource)> Enqueue(long bytes, bool first)
    {
        var waiter = (bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return first ? _waiting.AddFirst(waiter) : _waiting.AddLast(waiter);
    }

    private async Task<bool> WaitAsync(LinkedListNode<(long, TaskCompletionSource)> node, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                if (node.List is null) return;
                _waiting.Remove(node);
                node.Value.Item2.TrySetCanceled();
                AdmitWaiting();
            }
        });
        try
        {
            await node.Value.Item2.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>Takes the bytes if they fit now and nobody waits before them; never waits.</summary>
    public bool TryTakeNow(long bytes)
    {
        lock (_gate) return TakeIfRoom(bytes);
    }

    /// <summary>Takes the bytes when nobody waits before them and they fit; the caller holds the gate.</summary>
    private bool TakeIfRoom(long bytes) => _waiting.Count == 0 && TakeIfRoomBeforeWaiters(bytes);

    /// <summary>Takes the bytes when they fit, whoever waits; the caller holds the gate.</summary>
    private bool TakeIfRoomBeforeWaiters(long bytes)
    {
        if (_available < bytes) return false;
        _available -= bytes;
        return true;
    }

    public void Release(long bytes)
    {
        lock (_gate)
        {
            _available += bytes;
            AdmitWaiting();
        }
    }

    private void AdmitWaiting()
    {
        while (_waiting.First is { } first && _available >= first.Value.Bytes)
        {
            _waiting.RemoveFirst();
            _available -= first.Value.Bytes;
            first.Value.Admitted.TrySetResult();
        }
    }
}

/// <summary>How a call's request for budget ended.</summary>
public enum Admission
{
    Admitted,

    /// <summary>More than the whole budget: it could never run.</summary>
    NeverFits,

    /// <summary>No room came before the call's deadline or the budget's longest wait.</summary>
    NoRoomInTime,

    /// <summary>No room now, and the call holds budget while another such call waits already: it may not wait too.</summary>
    NoRoomNow,

    /// <summary>The caller went away.</summary>
    Cancelled,
}
