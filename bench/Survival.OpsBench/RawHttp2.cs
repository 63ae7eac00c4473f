using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Survival.OpsBench;

/// <summary>
/// A bare HTTP/2 connection (RFC 9113, cleartext with prior knowledge), for what a well-behaved client never sends:
/// streams opened and reset at once, thousands in a row. Header blocks are HPACK literals without Huffman coding
/// (RFC 7541 §6.2.2), which every decoder accepts; frames from the server are read and dropped.
/// </summary>
internal sealed class RawHttp2 : IAsyncDisposable
{
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4;
    private const byte EndStream = 0x1, EndHeaders = 0x4;

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly Task _drain;
    private int _nextStream = 1;

    private RawHttp2(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _drain = Task.Run(DrainAsync);
    }

    public static async Task<RawHttp2> ConnectAsync(string host, int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(host, port);
        var connection = new RawHttp2(tcp);
        await connection._stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await connection.WriteFrameAsync(Settings, 0, 0, []);
        return connection;
    }

    /// <summary>Opens a stream with the request headers of <paramref name="path"/> and resets it at once.</summary>
    public async Task OpenAndResetAsync(string path, string authority, IEnumerable<(string Name, string Value)> headers)
    {
        var id = _nextStream;
        _nextStream += 2;
        var buffer = new byte[9 + 512];
        var length = HeaderBlock(buffer.AsSpan(9), path, authority, headers);
        WriteFrameHeader(buffer, length, Headers, EndHeaders, id);
        var reset = new byte[13];
        WriteFrameHeader(reset, 4, RstStream, 0, id);
        BinaryPrimitives.WriteUInt32BigEndian(reset.AsSpan(9), 0x8); // CANCEL
        await _stream.WriteAsync(buffer.AsMemory(0, 9 + length));
        await _stream.WriteAsync(reset);
    }

    /// <summary>Sends <paramref name="body"/> as one DATA frame on a new stream and leaves it open (no END_STREAM unless asked).</summary>
    public async Task SendAsync(string path, string authority, IEnumerable<(string Name, string Value)> headers, byte[] body, bool endStream)
    {
        var id = _nextStream;
        _nextStream += 2;
        var buffer = new byte[9 + 512];
        var length = HeaderBlock(buffer.AsSpan(9), path, authority, headers);
        WriteFrameHeader(buffer, length, Headers, EndHeaders, id);
        await _stream.WriteAsync(buffer.AsMemory(0, 9 + length));
        await WriteFrameAsync(Data, endStream ? EndStream : (byte)0, id, body);
    }

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        try
        {
            await _drain;
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task WriteFrameAsync(byte type, byte flags, int stream, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        WriteFrameHeader(frame, payload.Length, type, flags, stream);
        payload.CopyTo(frame, 9);
        await _stream.WriteAsync(frame);
    }

    private static void WriteFrameHeader(Span<byte> frame, int length, byte type, byte flags, int stream)
    {
        frame[0] = (byte)(length >> 16);
        frame[1] = (byte)(length >> 8);
        frame[2] = (byte)length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame[5..], stream);
    }

    private static int HeaderBlock(Span<byte> block, string path, string authority, IEnumerable<(string Name, string Value)> headers)
    {
        var at = 0;
        block[at++] = 0x83; // :method POST (static table 3)
        block[at++] = 0x86; // :scheme http (static table 6)
        at += Literal(block[at..], 0x04, null, path); // :path, name from static table 4
        at += Literal(block[at..], 0x01, null, authority); // :authority, static table 1
        foreach (var (name, value) in headers) at += Literal(block[at..], 0x00, name, value);
        return at;
    }

    /// <summary>A literal header field without indexing: an indexed name (prefix byte) or a new one (0x00 then the name).</summary>
    private static int Literal(Span<byte> block, byte prefix, string? name, string value)
    {
        var at = 0;
        block[at++] = prefix;
        if (name is not null) at += String(block[at..], name);
        return at + String(block[at..], value);
    }

    private static int String(Span<byte> block, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        if (bytes.Length >= 127) throw new ArgumentException("header too long for this encoder", nameof(text));
        block[0] = (byte)bytes.Length;
        bytes.CopyTo(block[1..]);
        return 1 + bytes.Length;
    }

    private async Task DrainAsync()
    {
        var buffer = new byte[64 * 1024];
        while (await _stream.ReadAsync(buffer) > 0)
        {
        }
    }
}
