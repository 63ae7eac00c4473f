using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Survival.Service.Validation;

namespace Survival.Server.Infrastructure;

/// <summary>
/// Registers the methods of every generated gRPC service, as grpc-dotnet's own binder does, but with request
/// marshallers that turn bytes which are not a valid message into INVALID_ARGUMENT. grpc-dotnet reads the request
/// before any interceptor runs and would report such bytes as UNKNOWN.
/// </summary>
public sealed class GuardedServiceMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bindAttribute = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        if (bindAttribute is null) return;
        var bindMethod = bindAttribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == bindAttribute.BindMethodName && m.GetParameters() is [var binder, _]
                && binder.ParameterType == typeof(ServiceBinderBase));
        // A null implementation makes the generated code hand over only the method descriptors.
        bindMethod.Invoke(null, [new Binder(context), null]);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (guarded, metadata) = Prepare(method, out var implementation, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(guarded, metadata, implementation.CreateDelegate<UnaryServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (guarded, metadata) = Prepare(method, out var implementation, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(guarded, metadata, implementation.CreateDelegate<ClientStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (guarded, metadata) = Prepare(method, out var implementation,
                typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(guarded, metadata, implementation.CreateDelegate<ServerStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (guarded, metadata) = Prepare(method, out var implementation,
                typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(guarded, metadata, implementation.CreateDelegate<DuplexStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        private static (Method<TRequest, TResponse> Guarded, List<object> Metadata) Prepare<TRequest, TResponse>(
            Method<TRequest, TResponse> method,
            out MethodInfo implementation,
            params Type[] parameters)
        {
            implementation = typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameters)
                ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {method.Name}");
            List<object> metadata = [.. typeof(TService).GetCustomAttributes(inherit: true), .. implementation.GetCustomAttributes(inherit: true)];
            var requests = method.RequestMarshaller;
            var guardedRequests = Marshallers.Create(requests.ContextualSerializer, deserializationContext =>
            {
                try
                {
                    return requests.ContextualDeserializer(deserializationContext);
                }
                catch (Google.Protobuf.InvalidProtocolBufferException)
                {
                    throw FieldViolations.Single("request", $"is not a valid {method.FullName} request message").ToRpcException();
                }
            });
            return (new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, guardedRequests, method.ResponseMarshaller), metadata);
        }
    }
}
