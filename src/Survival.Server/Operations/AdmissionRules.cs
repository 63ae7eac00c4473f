namespace Survival.Server.Operations;

/// <summary>
/// How request bytes are admitted as they arrive, from the operator's settings: the largest message, the allowance a
/// message may hold beyond the bytes it has sent, the rate its bytes must keep up once it has begun, and the largest
/// compression ratio. One place reads them; the admission middleware, the request body and the JSON admission apply them.
/// </summary>
public sealed class AdmissionRules(IConfiguration configuration)
{
    /// <summary>Largest request message or JSON body (<c>Survival:MaxReceiveMessageBytes</c>), and largest inflated message.</summary>
    public int MaxMessageBytes { get; } = configuration.GetValue("Survival:MaxReceiveMessageBytes", 256 * 1024 * 1024);

    /// <summary>
    /// How far beyond the bytes that arrived a message's reservation reaches (<c>Survival:Admission:AllowanceBytes</c>,
    /// default 1 MiB): a message that has sent n bytes holds the budget of at most n plus two allowances.
    /// </summary>
    public long AllowanceBytes { get; } = Math.Max(64 * 1024, configuration.GetValue("Survival:Admission:AllowanceBytes", 1L << 20));

    /// <summary>
    /// Once a message has begun, each <see cref="RateWindow"/> the server waits for it must bring at least this many bytes a
    /// second (<c>Survival:Admission:MinBytesPerSecond</c>, default 16384, about 130 kbit/s); 0 turns the rule off.
    /// </summary>
    public double MinBytesPerSecond { get; } = Math.Max(0, configuration.GetValue("Survival:Admission:MinBytesPerSecond", 16384.0));

    /// <summary>The window over which the rate is measured (<c>Survival:Admission:RateWindowSeconds</c>, default 10).</summary>
    public TimeSpan RateWindow { get; } = TimeSpan.FromSeconds(Math.Max(0.1, configuration.GetValue("Survival:Admission:RateWindowSeconds", 10.0)));

    /// <summary>
    /// The most a compressed message may inflate relative to its compressed size
    /// (<c>Survival:Admission:MaxCompressionRatio</c>, default 200; gzip's ceiling is about 1032), checked once it has
    /// inflated past <see cref="RatioFloorBytes"/>: small messages may compress as well as they like.
    /// </summary>
    public double MaxCompressionRatio { get; } = Math.Max(1, configuration.GetValue("Survival:Admission:MaxCompressionRatio", 200.0));

    /// <summary>Below this many inflated bytes the ratio is not checked.</summary>
    public const long RatioFloorBytes = 1L << 20;
}
