using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace Survival.Server.Operations;

/// <summary>
/// A decompression stream that counts what it inflates and stops — RESOURCE_EXHAUSTED — past the message limit
/// (<see cref="AdmissionRules.MaxMessageBytes"/>) or past the largest compression ratio once it has inflated more than
/// <see cref="AdmissionRules.RatioFloorBytes"/>: a 243 KB gzip bomb stops after 1 MiB, not at 250 MB. Given a hold,
/// it also takes the inflated bytes' share of the memory budget as it inflates, without waiting (it runs inside the
/// parser's synchronous read), and gives it back when disposed.
/// </summary>
internal sealed class BoundedInflation(Stream inflating, long compressedBytes, AdmissionRules rules, BudgetHold? hold) : Stream
{
    private long _inflated;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _inflated;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Counted(inflating.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inflating.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inflating.Dispose();
            hold?.Release();
        }
        base.Dispose(disposing);
    }

    private int Counted(int read)
    {
        _inflated += read;
        if (_inflated > rules.MaxMessageBytes) throw Refusals.InflatesPastLimit(rules.MaxMessageBytes).ToRpcException();
        if (_inflated > AdmissionRules.RatioFloorBytes && _inflated > rules.MaxCompressionRatio * compressedBytes)
            throw Refusals.RatioAboveLimit(rules.MaxCompressionRatio).ToRpcException();
        if (hold is not null && FrameCharge.ShareOf(_inflated).Bytes > hold.Bytes
            && !hold.TryGrowNow(FrameCharge.ShareOf(_inflated + rules.AllowanceBytes).Bytes))
            throw ResourceExhausted.RetryLater(null, TimeSpan.FromSeconds(1),
                "the server's memory budget has no room to inflate this compressed message now: retry later, or send it uncompressed").ToRpcException();
        return read;
    }
}

/// <summary>
/// A compression provider whose decompression is a <see cref="BoundedInflation"/>: grpc-dotnet inflates the compressed
/// messages of client streams with it (unary messages are inflated by the admission middleware before grpc-dotnet
/// sees them). Compression of responses is the wrapped provider's.
/// </summary>
internal sealed class BoundedCompressionProvider(ICompressionProvider inner, AdmissionRules rules, MemoryBudget budget) : ICompressionProvider
{
    public string EncodingName => inner.EncodingName;

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => inner.CreateCompressionStream(stream, compressionLevel);

    /// <summary>grpc-dotnet's call, for a stream's message: its compressed bytes are a seekable stream over the whole frame.</summary>
    public Stream CreateDecompressionStream(Stream stream) => CreateDecompressionStream(stream, stream.CanSeek ? stream.Length : long.MaxValue, new BudgetHold(budget));

    /// <summary>Inflates the <paramref name="compressedBytes"/> of <paramref name="stream"/> within the limits; with a hold, taking the budget as it goes.</summary>
    public Stream CreateDecompressionStream(Stream stream, long compressedBytes, BudgetHold? hold) =>
        new BoundedInflation(inner.CreateDecompressionStream(stream), compressedBytes, rules, hold);
}
