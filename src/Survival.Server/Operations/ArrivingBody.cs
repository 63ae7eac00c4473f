using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Survival.Server.Operations;

/// <summary>
/// A gRPC request body as its bytes arrive, read through by whoever reads the request (the admission middleware,
/// grpc-dotnet). It follows the message frames (a compression flag and a 4-byte length, then the message;
/// https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md) and, before any frame's bytes reach the reader:
/// <list type="bullet">
/// <item>refuses a frame longer than the limit, or compressed where compression is not accepted, from its prefix alone;</item>
/// <item>with a <see cref="FrameCharge"/>, holds in the memory budget what the frames cost — an incomplete frame the
/// share of the bytes that arrived plus at most two allowances, a complete one the cost its charge reads from its bytes —
/// waiting for room before handing the bytes over, so a caller that trickles holds only what it sent;</item>
/// <item>ends a call whose begun frame arrives slower than the minimum rate over a window, and, with an idle limit,
/// one that sends no frame for that long.</item>
/// </list>
/// Refusals surface as <see cref="RpcException"/>s from the read, which grpc-dotnet turns into the call's status.
/// </summary>
internal sealed class ArrivingBody : PipeReader, IRequestBodyPipeFeature, IDisposable
{
    private const int FramePrefix = 5;

    private readonly PipeReader _inner;
    private readonly FramePolicy _policy;
    private FrameCharge? _charge;

    /// <summary>Complete frames not yet consumed: where each ends in the unconsumed bytes, and what it holds.</summary>
    private readonly List<(long End, CallCost Cost)> _complete = [];

    private readonly ArrivalRate _rate;
    private ReadOnlySequence<byte> _last;
    private long _seen;
    private long _next;
    private long _nextLength = -1;
    private long _reservedPartial;
    private ITimer? _idleTimer;
    private volatile Google.Rpc.Status? _violation;

    public ArrivingBody(PipeReader inner, FramePolicy policy, FrameCharge? charge = null)
    {
        (_inner, _policy, _charge) = (inner, policy, charge);
        _rate = new ArrivalRate(policy.MinBytesPerSecond, policy.RateWindow, () => Violate(Refusals.TooSlow(policy.MinBytesPerSecond, policy.RateWindow)));
    }

    public PipeReader Reader => this;

    /// <summary>Whether the last complete frame was costed from a scan of its bytes (false: by its length only, or not at all).</summary>
    public bool LastFrameScanned { get; private set; }

    /// <summary>
    /// The message read so far is admitted whole (a unary call's one message): the call's hold has it, and the body
    /// charges nothing more; its rate and idle rules still apply to what is left of it.
    /// </summary>
    public void Admitted()
    {
        _charge = null;
        _complete.Clear();
    }

    /// <summary>
    /// Gives back what the body holds, for the stream's own hold to take over the message just parsed; the next read
    /// holds again what is then unconsumed.
    /// </summary>
    public void ReleaseHeld()
    {
        _reservedPartial = 0;
        _charge?.Release();
    }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = _inner.ReadAsync(cancellationToken);
        ReadResult result;
        if (read.IsCompleted)
        {
            // Bytes already here (most calls' whole message): no wait to time.
            result = read.Result;
        }
        else
        {
            ArmIdleTimer();
            try
            {
                result = await read;
            }
            finally
            {
                DisarmIdleTimer();
            }
        }
        var buffer = result.Buffer;
        try
        {
            if (result.IsCanceled && _violation is { } violation) throw violation.ToRpcException();
            _rate.Arrived(buffer.Length - _seen);
            (_seen, _last) = (buffer.Length, buffer);
            await AdmitFramesAsync(buffer);
            return result;
        }
        catch
        {
            // The reader that gets the exception will not advance: nothing consumed, and examined as far as it was
            // (never less, which would undo the stream's flow-control credit).
            _inner.AdvanceTo(buffer.Start, buffer.End);
            throw;
        }
    }

    /// <summary>Frames must be admitted before they are handed over, which may wait: data is only ever returned by <see cref="ReadAsync"/>.</summary>
    public override bool TryRead(out ReadResult result)
    {
        result = default;
        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var gone = _last.Slice(_last.Start, consumed).Length;
        (_seen, _next) = (_seen - gone, _next - gone);
        if (_next < 0)
        {
            // Consumed into a frame, which gRPC readers never do: what follows is read as a new frame.
            (_next, _nextLength) = (0, -1);
        }
        for (var i = _complete.Count - 1; i >= 0; i--)
        {
            var (end, cost) = _complete[i];
            if (end - gone <= 0) _complete.RemoveAt(i);
            else _complete[i] = (end - gone, cost);
        }
        _inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        Dispose();
        _inner.Complete(exception);
    }

    public void Dispose()
    {
        _rate.Dispose();
        _idleTimer?.Dispose();
        _idleTimer = null;
    }

    private async ValueTask AdmitFramesAsync(ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            if (_nextLength < 0)
            {
                if (buffer.Length < _next + FramePrefix) break;
                var (compressed, length) = Prefix(buffer.Slice(_next, FramePrefix));
                if (compressed && !_policy.CompressedAccepted) throw Refusals.CompressionRefused().ToRpcException();
                if (length > _policy.MaxMessageBytes) throw Refusals.TooLarge(length, _policy.MaxMessageBytes, _policy.LimitSetting).ToRpcException();
                _charge?.ThrowIfNeverFits(FramePrefix + length);
                _nextLength = length;
            }
            var end = _next + FramePrefix + _nextLength;
            if (buffer.Length < end) break;
            var frame = buffer.Slice(_next, FramePrefix + _nextLength);
            if (_charge is not null)
            {
                var (cost, scanned) = _charge.OfComplete(frame);
                _complete.Add((end, cost));
                LastFrameScanned = scanned;
            }
            (_next, _nextLength, _reservedPartial) = (end, -1, 0);
        }
        var partial = buffer.Length - _next;
        // A begun frame's bytes are timed while it is incomplete; none is timed between frames.
        if (partial > 0) _rate.Start();
        else _rate.Stop();
        if (_charge is null) return;
        if (partial == 0) _reservedPartial = 0;
        else if (partial + _charge.AllowanceBytes > _reservedPartial)
            _reservedPartial = Math.Min(partial + 2 * _charge.AllowanceBytes, _nextLength < 0 ? long.MaxValue : FramePrefix + _nextLength);
        var target = CallCost.None;
        foreach (var (_, cost) in _complete) target += cost;
        // The allowance reaches ahead only as far as the budget: a message that fits must not be refused for it.
        if (_reservedPartial > 0 && _charge.Overflows(target + FrameCharge.ShareOf(_reservedPartial))) _reservedPartial = partial;
        if (_reservedPartial > 0) target += FrameCharge.ShareOf(_reservedPartial);
        await _rate.WhileServerWaitsAsync(() => _charge.HoldAsync(target));
    }

    /// <summary>A frame's compression flag and big-endian length.</summary>
    public static (bool Compressed, uint Length) Prefix(ReadOnlySequence<byte> frame)
    {
        Span<byte> prefix = stackalloc byte[FramePrefix];
        frame.Slice(0, FramePrefix).CopyTo(prefix);
        return (prefix[0] != 0, BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]));
    }

    private void ArmIdleTimer()
    {
        if (_policy.IdleLimit is not { } limit || _seen > _next || _nextLength >= 0) return;
        _idleTimer ??= TimeProvider.System.CreateTimer(static state => ((ArrivingBody)state!).OnIdle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _idleTimer.Change(limit, Timeout.InfiniteTimeSpan);
    }

    private void DisarmIdleTimer() => _idleTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private void OnIdle() => Violate(Refusals.Idle(_policy.IdleLimit!.Value));

    private void Violate(Google.Rpc.Status status)
    {
        _violation ??= status;
        _inner.CancelPendingRead();
    }
}

/// <summary>What a request body's frames must satisfy.</summary>
/// <param name="MaxMessageBytes">The longest frame.</param>
/// <param name="LimitSetting">The setting that sets it, named in the refusal.</param>
/// <param name="CompressedAccepted">Whether a compressed frame may pass.</param>
/// <param name="MinBytesPerSecond">The rate a begun frame must keep over each window; 0 for none.</param>
/// <param name="RateWindow">The window.</param>
/// <param name="IdleLimit">How long the body may send no frame at all; null for no limit.</param>
internal sealed record FramePolicy(
    long MaxMessageBytes, string LimitSetting, bool CompressedAccepted, double MinBytesPerSecond, TimeSpan RateWindow, TimeSpan? IdleLimit);
