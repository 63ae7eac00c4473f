using Google.Rpc;

namespace Survival.Server.Operations;

/// <summary>
/// The statuses a request is refused with while its bytes arrive, before anything is parsed: each names the limit and
/// the setting that sets it. <see cref="ResourceExhausted"/> has those of the memory budget and the rate limit.
/// </summary>
public static class Refusals
{
    public static Google.Rpc.Status TooSlow(double minBytesPerSecond, TimeSpan window) => Of(Code.DeadlineExceeded,
        $"the request's bytes arrived slower than {minBytesPerSecond:0} bytes a second over {window.TotalSeconds:0.#} s "
        + "(Survival:Admission:MinBytesPerSecond): send the message at that rate or faster");

    public static Google.Rpc.Status Idle(TimeSpan limit) => Of(Code.DeadlineExceeded,
        $"no request message for {limit.TotalSeconds:0.#} s (Survival:OpenServices:IdleSeconds): the call was idle for too long");

    public static Google.Rpc.Status TooLarge(long length, long limit, string setting) => Of(Code.ResourceExhausted,
        $"the request message of {length} bytes is larger than the limit of {limit} bytes ({setting})");

    public static Google.Rpc.Status CompressionRefused() => Of(Code.Unimplemented,
        "compressed requests are not accepted by this service: send them uncompressed (grpc-encoding identity)");

    public static Google.Rpc.Status UnsupportedEncoding(string encoding, IEnumerable<string> supported) => Of(Code.Unimplemented,
        $"grpc-encoding '{Shortened(encoding)}' is not supported; supported: {string.Join(", ", supported)}");

    public static Google.Rpc.Status InflatesPastLimit(long limit) => Of(Code.ResourceExhausted,
        $"the compressed request inflates to more than the limit of {limit} bytes (Survival:MaxReceiveMessageBytes)");

    public static Google.Rpc.Status RatioAboveLimit(double ratio) => Of(Code.ResourceExhausted,
        $"the compressed request inflates to more than {ratio:0.#} times its size (Survival:Admission:MaxCompressionRatio)");

    private static Google.Rpc.Status Of(Code code, string message) => new() { Code = (int)code, Message = message };

    /// <summary>A header value quoted back to the caller, cut short: it is the caller's text of any length.</summary>
    private static string Shortened(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
