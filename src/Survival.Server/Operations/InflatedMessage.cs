using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Survival.Server.Operations;

/// <summary>
/// A compressed unary message inflated by the admission middleware before grpc-dotnet sees it, through a
/// <see cref="BoundedInflation"/>, with room in the memory budget taken for each allowance of bytes before it is
/// inflated. It is then the request body grpc-dotnet reads: one uncompressed frame (flag 0, the inflated length, the
/// bytes), so the message is never inflated twice and is scanned, like any other, before it is parsed.
/// </summary>
internal sealed class InflatedMessage : IRequestBodyPipeFeature
{
    private InflatedMessage(ReadOnlySequence<byte> frame) => (Frame, Reader) = (frame, PipeReader.Create(frame));

    /// <summary>The uncompressed frame: prefix and message.</summary>
    public ReadOnlySequence<byte> Frame { get; }

    public PipeReader Reader { get; }

    /// <summary>
    /// Inflates <paramref name="compressed"/>, holding the compressed frame's share and, before each allowance is
    /// inflated, the share of what is inflated so far plus that allowance.
    /// </summary>
    public static async Task<InflatedMessage> InflateAsync(
        ReadOnlySequence<byte> compressed, BoundedCompressionProvider provider, AdmissionRules rules, FrameCharge charge)
    {
        var compressedShare = FrameCharge.ShareOf(compressed.Length);
        var inflated = new ByteChunks();
        await using (var inflating = provider.CreateDecompressionStream(PipeReader.Create(compressed).AsStream(), compressed.Length, hold: null))
        {
            while (true)
            {
                if (inflated.Length % rules.AllowanceBytes == 0)
                    await charge.HoldAsync(compressedShare + FrameCharge.ShareOf(inflated.Length + rules.AllowanceBytes));
                var room = inflated.GetMemory();
                var limit = (int)Math.Min(room.Length, rules.AllowanceBytes - inflated.Length % rules.AllowanceBytes);
                var read = await inflating.ReadAsync(room[..limit]);
                if (read == 0) break;
                inflated.Advance(read);
            }
        }
        var prefix = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), (uint)inflated.Length);
        return new InflatedMessage(inflated.ToSequence(prefix));
    }
}
