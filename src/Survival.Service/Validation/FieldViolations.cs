using Google.Rpc;
using Grpc.Core;

namespace Survival.Service.Validation;

/// <summary>
/// Collects what is wrong with a request, field by field, and turns it into the one error every RPC gives for bad
/// input: INVALID_ARGUMENT carrying a <c>google.rpc.BadRequest</c> whose violations name each field path.
/// </summary>
public sealed class FieldViolations
{
    /// <summary>Enough to show the pattern of a systematic mistake without a response the size of the cohort.</summary>
    public const int MaxReported = 100;

    /// <summary>The longest field path or description kept: both may quote the caller's names and labels, of any length.</summary>
    public const int MaxTextLength = 200;

    /// <summary>
    /// The status travels in HTTP/2 trailers, which clients refuse beyond 64 KiB (SocketsHttpHandler's default), dropping
    /// the connection and every call on it; violations past this many characters are counted but not reported.
    /// </summary>
    private const int MaxReportedCharacters = 8 * 1024;

    private readonly BadRequest _badRequest = new();
    private int _total;
    private int _reportedCharacters;

    /// <summary>Whether anything was recorded.</summary>
    public bool Any => _total > 0;

    /// <summary>Whether as many violations as are reported were recorded: a caller checking millions of values may stop.</summary>
    public bool IsFull => _total >= MaxReported;

    /// <summary>Records that <paramref name="field"/> (for example <c>cohort.subjects[3].time</c>) is wrong.</summary>
    public void Add(string field, string description)
    {
        _total++;
        (field, description) = (Shortened(field), Shortened(description));
        if (_badRequest.FieldViolations.Count >= MaxReported
            || (_reportedCharacters > 0 && _reportedCharacters + field.Length + description.Length > MaxReportedCharacters)) return;
        _reportedCharacters += field.Length + description.Length;
        _badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
    }

    /// <summary>Throws the INVALID_ARGUMENT error when anything was recorded.</summary>
    public void ThrowIfAny()
    {
        if (Any) throw ToRpcException();
    }

    /// <summary>The INVALID_ARGUMENT error with every recorded violation (up to <see cref="MaxReported"/>).</summary>
    public RpcException ToRpcException()
    {
        var first = _badRequest.FieldViolations[0];
        var more = _total > 1 ? $" (and {_total - 1} more)" : "";
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = $"{first.Field} {first.Description}{more}",
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(_badRequest) },
        };
        return status.ToRpcException();
    }

    private static string Shortened(string text)
    {
        if (text.Length <= MaxTextLength) return text;
        var cut = char.IsHighSurrogate(text[MaxTextLength - 2]) ? MaxTextLength - 2 : MaxTextLength - 1;
        return text[..cut] + "…";
    }

    /// <summary>A collection of one violation.</summary>
    public static FieldViolations Single(string field, string description)
    {
        var violations = new FieldViolations();
        violations.Add(field, description);
        return violations;
    }
}
