using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Survival.Server.Infrastructure;
using Survival.Service.Validation;
using Survival.V1;

namespace Survival.Server.Tests.Operations;

/// <summary>
/// The string limits cover every string field of every request of the service, found from the descriptors alone — a
/// field or an RPC added later is covered without a change — and the check on the encoded bytes (gRPC, before
/// parsing) finds exactly what the check on the parsed message (HTTP/JSON) finds.
/// </summary>
public class StringLimitsTests
{
    public static TheoryData<string> Requests() => [.. SurvivalAnalysis.Descriptor.Methods.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Requests))]
    public void Every_string_field_of_the_request_is_refused_one_character_past_its_limit(string method)
    {
        // Arrange: every string field at any depth (one item of each repeated field, one field of each oneof) one over.
        var descriptor = SurvivalAnalysis.Descriptor.FindMethodByName(method).InputType;
        var expected = new List<string>();
        var request = Filled(descriptor, over: 1, "", expected, []);

        // Act
        var parsed = Violations(v => StringLimits.Check(request, v));
        var encoded = Violations(v => StringLimits.CheckEncoded(descriptor, new(request.ToByteArray()), v));

        // Assert
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), parsed.Select(v => v.Field).Order());
        Assert.Equal(expected.Order(), encoded.Select(v => v.Field).Order());
        Assert.All(parsed, v => Assert.Matches("^must be at most [0-9]+ characters long, not [0-9]+$", v.Description));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Strings_at_their_limit_pass(string method)
    {
        // Arrange
        var descriptor = SurvivalAnalysis.Descriptor.FindMethodByName(method).InputType;
        var request = Filled(descriptor, over: 0, "", [], []);

        // Act
        var text = StringLimits.CheckEncoded(descriptor, new(request.ToByteArray()), new FieldViolations());

        // Assert: nothing refused, and the text of every field counted (the cost estimate reads it).
        Assert.Empty(Violations(v => StringLimits.Check(request, v)));
        Assert.Empty(Violations(v => StringLimits.CheckEncoded(descriptor, new(request.ToByteArray()), v)));
        Assert.True(text >= StringLimits.DefaultMaxLength);
    }

    [Theory]
    [InlineData("é", 1000, false)] // two UTF-8 bytes, one UTF-16 unit: 2,000 bytes are 1,000 characters
    [InlineData("é", 1001, true)]
    [InlineData("𝔘", 500, false)] // four UTF-8 bytes, a surrogate pair: 1,000 characters
    [InlineData("𝔘", 501, true)]
    [InlineData("時", 1000, false)] // three UTF-8 bytes, one unit
    public void Characters_are_counted_as_dotnet_counts_them_on_the_wire_and_parsed(string character, int count, bool refused)
    {
        // Arrange
        var request = new EstimateSurvivalRequest { Cohort = new Cohort { TimeUnit = string.Concat(Enumerable.Repeat(character, count)) } };

        // Act
        var parsed = Violations(v => StringLimits.Check(request, v));
        var encoded = Violations(v => StringLimits.CheckEncoded(EstimateSurvivalRequest.Descriptor, new(request.ToByteArray()), v));

        // Assert
        Assert.Equal(refused, parsed.Count == 1);
        Assert.Equal(parsed.Select(v => (v.Field, v.Description)), encoded.Select(v => (v.Field, v.Description)));
    }

    [Fact]
    public void Fields_shorter_by_nature_have_their_own_limit_and_others_the_default()
    {
        // Arrange
        var startDate = Subject.Descriptor.FindFieldByName("start_date");
        var group = Subject.Descriptor.FindFieldByName("group");

        // Act
        var (dateLimit, groupLimit) = (StringLimits.MaxLength(startDate), StringLimits.MaxLength(group));

        // Assert
        Assert.Equal(64, dateLimit);
        Assert.Equal(StringLimits.DefaultMaxLength, groupLimit);
    }

    private static List<Google.Rpc.BadRequest.Types.FieldViolation> Violations(Action<FieldViolations> check)
    {
        var violations = new FieldViolations();
        check(violations);
        if (!violations.Any) return [];
        var status = Grpc.Core.RpcExceptionExtensions.GetRpcStatus(violations.ToRpcException())!;
        return [.. status.GetDetail<Google.Rpc.BadRequest>().FieldViolations];
    }

    /// <summary>
    /// A message of <paramref name="descriptor"/> with every string field <paramref name="over"/> past its limit, at any
    /// depth (a message type already on the way down is left empty), noting each field path as the checks name it.
    /// </summary>
    private static IMessage Filled(MessageDescriptor descriptor, int over, string path, List<string> paths, HashSet<MessageDescriptor> visiting)
    {
        var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        visiting.Add(descriptor);
        var oneofsSet = new HashSet<OneofDescriptor>();
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap || field.RealContainingOneof is { } oneof && !oneofsSet.Add(oneof)) continue;
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var itemPath = field.IsRepeated ? $"{name}[0]" : name;
            object? value = field.FieldType switch
            {
                FieldType.String => new string('x', StringLimits.MaxLength(field) + over),
                FieldType.Message when !visiting.Contains(field.MessageType) && field.MessageType.File.Package == "survival.v1"
                    => Filled(field.MessageType, over, itemPath, paths, visiting),
                _ => null,
            };
            if (value is null) continue;
            if (field.FieldType == FieldType.String && over > 0) paths.Add(itemPath);
            if (field.IsRepeated) ((IList)field.Accessor.GetValue(message)).Add(value);
            else field.Accessor.SetValue(message, value);
        }
        visiting.Remove(descriptor);
        return message;
    }
}
