namespace Survival.Server.Operations;

/// <summary>
/// Times a request's bytes while the server waits for them: every <see cref="AdmissionRules.RateWindow"/> in which
/// fewer than <see cref="AdmissionRules.MinBytesPerSecond"/> × the window arrived, the call is too slow, and
/// <c>onTooSlow</c> runs once (on a timer thread). A window in which the server itself waited for room in the memory
/// budget does not count against the caller.
/// </summary>
internal sealed class ArrivalRate(double minBytesPerSecond, TimeSpan window, Action onTooSlow) : IDisposable
{
    /// <summary>A wait for the budget longer than this marks its window as the server's.</summary>
    private static readonly TimeSpan NoticeableWait = TimeSpan.FromMilliseconds(100);

    private ITimer? _timer;
    private long _arrived;
    private long _mark;
    private int _paused;
    private int _pausedInWindow;
    private int _tooSlow;

    public ArrivalRate(AdmissionRules rules, Action onTooSlow)
        : this(rules.MinBytesPerSecond, rules.RateWindow, onTooSlow)
    {
    }

    public bool TooSlow => Volatile.Read(ref _tooSlow) != 0;

    /// <summary>Starts timing, if it is not already running (a message has begun to arrive).</summary>
    public void Start()
    {
        if (minBytesPerSecond <= 0 || _timer is not null) return;
        _mark = Interlocked.Read(ref _arrived);
        _timer = TimeProvider.System.CreateTimer(static state => ((ArrivalRate)state!).Check(), this, window, window);
    }

    /// <summary>Stops timing (the message is complete, or the server no longer waits for it).</summary>
    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }

    public void Arrived(long bytes) => Interlocked.Add(ref _arrived, bytes);

    /// <summary>Runs <paramref name="wait"/> (a wait for room in the budget) with the clock on the server's side.</summary>
    public async ValueTask WhileServerWaitsAsync(Func<ValueTask> wait)
    {
        Interlocked.Increment(ref _paused);
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await wait();
        }
        finally
        {
            if (TimeProvider.System.GetElapsedTime(started) > NoticeableWait) Volatile.Write(ref _pausedInWindow, 1);
            Interlocked.Decrement(ref _paused);
        }
    }

    public void Dispose() => Stop();

    private void Check()
    {
        var arrived = Interlocked.Read(ref _arrived);
        var paused = Volatile.Read(ref _paused) > 0 || Interlocked.Exchange(ref _pausedInWindow, 0) != 0;
        if (!paused && arrived - _mark < minBytesPerSecond * window.TotalSeconds && Interlocked.Exchange(ref _tooSlow, 1) == 0) onTooSlow();
        _mark = arrived;
    }
}
