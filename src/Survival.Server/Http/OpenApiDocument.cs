using System.Text;
using System.Text.Json;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Survival.Server.Http;

/// <summary>
/// The OpenAPI 3 description of the HTTP/JSON API, derived from the proto descriptors and their
/// <c>google.api.http</c> rules, so it cannot drift from what JSON transcoding serves. Field names and types follow
/// the proto3 JSON mapping that transcoding uses.
/// </summary>
public static class OpenApiDocument
{
    public const string Path = "/openapi/v1.json";

    public static string Build(Google.Protobuf.Reflection.ServiceDescriptor service)
    {
        var messages = new SortedDictionary<string, MessageDescriptor>(StringComparer.Ordinal);
        var enums = new SortedDictionary<string, EnumDescriptor>(StringComparer.Ordinal);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("openapi", "3.0.3");
            json.WriteStartObject("info");
            json.WriteString("title", "Survival HTTP/JSON API");
            json.WriteString("version", "v1");
            json.WriteString("description", $"JSON transcoding of the gRPC service {service.FullName}; see README.md and docs/methods.md.");
            json.WriteEndObject();
            json.WriteStartObject("paths");
            foreach (var method in service.Methods) WritePath(json, method, messages, enums);
            json.WriteEndObject();
            json.WriteStartObject("components");
            json.WriteStartObject("schemas");
            WriteSchemas(json, messages, enums);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WritePath(Utf8JsonWriter json, MethodDescriptor method,
        IDictionary<string, MessageDescriptor> messages, IDictionary<string, EnumDescriptor> enums)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        if (rule is null || rule.PatternCase != HttpRule.PatternOneofCase.Post) return;
        Collect(method.InputType, messages, enums);
        Collect(method.OutputType, messages, enums);
        json.WriteStartObject(rule.Post);
        json.WriteStartObject("post");
        json.WriteString("operationId", method.Name);
        json.WriteString("summary", $"{method.Service.FullName}/{method.Name}");
        json.WriteStartObject("requestBody");
        json.WriteBoolean("required", true);
        WriteJsonContent(json, method.InputType);
        json.WriteEndObject();
        json.WriteStartObject("responses");
        json.WriteStartObject("200");
        json.WriteString("description", "OK");
        WriteJsonContent(json, method.OutputType);
        json.WriteEndObject();
        json.WriteStartObject("default");
        json.WriteString("description", "An error as a google.rpc.Status; bad input is HTTP 400 with a google.rpc.BadRequest detail naming each field.");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteJsonContent(Utf8JsonWriter json, MessageDescriptor message)
    {
        json.WriteStartObject("content");
        json.WriteStartObject("application/json");
        json.WriteStartObject("schema");
        json.WriteString("$ref", Reference(message.FullName));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Collect(MessageDescriptor message, IDictionary<string, MessageDescriptor> messages, IDictionary<string, EnumDescriptor> enums)
    {
        if (!messages.TryAdd(message.FullName, message)) return;
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (field.FieldType == FieldType.Message) Collect(field.MessageType, messages, enums);
            if (field.FieldType == FieldType.Enum) enums.TryAdd(field.EnumType.FullName, field.EnumType);
        }
    }

    private static void WriteSchemas(Utf8JsonWriter json, IDictionary<string, MessageDescriptor> messages, IDictionary<string, EnumDescriptor> enums)
    {
        foreach (var message in messages.Values)
        {
            json.WriteStartObject(message.FullName);
            json.WriteString("type", "object");
            json.WriteStartObject("properties");
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                json.WriteStartObject(field.JsonName);
                if (field.IsRepeated)
                {
                    json.WriteString("type", "array");
                    json.WriteStartObject("items");
                    WriteFieldType(json, field);
                    json.WriteEndObject();
                }
                else WriteFieldType(json, field);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        foreach (var type in enums.Values)
        {
            json.WriteStartObject(type.FullName);
            json.WriteString("type", "string");
            json.WriteStartArray("enum");
            foreach (var value in type.Values) json.WriteStringValue(value.Name);
            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    private static void WriteFieldType(Utf8JsonWriter json, FieldDescriptor field)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
                json.WriteString("$ref", Reference(field.MessageType.FullName));
                return;
            case FieldType.Enum:
                json.WriteString("$ref", Reference(field.EnumType.FullName));
                return;
            case FieldType.Bytes:
                json.WriteString("type", "string");
                json.WriteString("format", "byte");
                return;
        }
        var (type, format) = field.FieldType switch
        {
            FieldType.Double => ("number", "double"),
            FieldType.Float => ("number", "float"),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 => ("integer", "int64"),
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32 => ("integer", "int32"),
            FieldType.Bool => ("boolean", null),
            _ => ("string", null),
        };
        json.WriteString("type", type);
        if (format is not null) json.WriteString("format", format);
    }

    private static string Reference(string fullName) => $"#/components/schemas/{fullName}";
}
