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

    private readonly BadRequest _badRequest = new();
    private int _total;

    /// <summary>Whether anything was recorded.</summary>
    public bool Any => _total > 0;

    /// <summary>Whether as many violations as are reported were recorded: a caller checking millions of values may stop.</summary>
    public bool IsFull => _total >= MaxReported;

    /// <summary>Records that <paramref name="field"/> (for example <c>cohort.subjects[3].time</c>) is wrong.</summary>
    public void Add(string field, string description)
    {
        _total++;
        if (_badRequest.FieldViolations.Count < MaxReported)
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

    /// <summary>A collection of one violation.</summary>
    public static FieldViolations Single(string field, string description)
    {
        var violations = new FieldViolations();
        violations.Add(field, description);
        return violations;
    }
}
