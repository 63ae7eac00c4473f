using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Survival.Server.Http;

/// <summary>
/// Marks proto <c>bytes</c> fields as base64 strings (<c>format: byte</c>), as the proto3 JSON mapping writes them;
/// Microsoft.AspNetCore.Grpc.Swagger 0.10.11 describes them as plain strings.
/// </summary>
public sealed class ProtoBytesSchemaFilter : ISchemaFilter
{
    public void Apply(OpenApiSchema schema, SchemaFilterContext context)
    {
        if (!typeof(IMessage).IsAssignableFrom(context.Type) || schema.Properties is null) return;
        if (context.Type.GetProperty("Descriptor", typeof(MessageDescriptor))?.GetValue(null) is not MessageDescriptor message) return;
        foreach (var field in message.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Bytes))
        {
            if (!schema.Properties.TryGetValue(field.JsonName, out var property)) continue;
            var target = field.IsRepeated ? property.Items : property;
            if (target is not null) target.Format = "byte";
        }
    }
}
