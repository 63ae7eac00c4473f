using System.Buffers;
using Grpc.Core;

namespace Survival.Server.Operations;

/// <summary>
/// How a request's arriving frames are charged to the <see cref="MemoryBudget"/>: the <see cref="BudgetHold"/> they
/// fill, what a complete frame costs (read from its bytes by <c>completeFrame</c>), the allowance ahead of the bytes
/// that arrived, and the call's deadline for waiting. A refusal is the budget's RESOURCE_EXHAUSTED, naming what to reduce.
/// </summary>
internal sealed class FrameCharge(
    BudgetHold hold,
    Func<ReadOnlySequence<byte>, (CallCost Cost, bool Scanned)> completeFrame,
    long allowanceBytes,
    DateTime deadline,
    HttpContext context)
{
    public long AllowanceBytes => allowanceBytes;


    /// <summary>The share of <paramref name="bytes"/> of a message not yet read whole: the bytes and what parsing them may take.</summary>
    public static CallCost ShareOf(long bytes) => CallCost.OfMessageBytes(bytes);

    /// <summary>What a complete frame (prefix and message) holds, and whether that was read from a scan of its bytes.</summary>
    public (CallCost Cost, bool Scanned) OfComplete(ReadOnlySequence<byte> frame) => completeFrame(frame);

    /// <summary>Whether the call would need more than the whole budget were its arriving part <paramref name="arriving"/>.</summary>
    public bool Overflows(CallCost arriving) => hold.Whole(arriving, HoldPart.Arriving).Bytes > hold.Budget.TotalBytes;

    /// <summary>Refuses at once a message whose declared length alone needs more than the whole budget.</summary>
    public void ThrowIfNeverFits(long frameBytes)
    {
        var whole = hold.Whole(ShareOf(frameBytes), HoldPart.Arriving);
        if (whole.Bytes > hold.Budget.TotalBytes) throw ResourceExhausted.OfBudget(Admission.NeverFits, whole, hold.Budget.TotalBytes, context).ToRpcException();
    }

    /// <summary>Makes the arriving part of the hold <paramref name="cost"/>, waiting for room within the deadline and the budget's longest wait.</summary>
    public async ValueTask HoldAsync(CallCost cost)
    {
        var admission = await hold.ResizeAsync(cost, deadline, context.RequestAborted, HoldPart.Arriving);
        if (admission == Admission.Admitted) return;
        context.RequestAborted.ThrowIfCancellationRequested();
        throw ResourceExhausted.OfBudget(admission, hold.Whole(cost, HoldPart.Arriving), hold.Budget.TotalBytes, context).ToRpcException();
    }

    public void Release() => hold.Release(HoldPart.Arriving);
}
