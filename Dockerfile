# syntax=docker/dockerfile:1
# Build: docker build -t survival .      Run: docker run -p 5000:5000 -p 5001:5001 survival
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN bash tools/publish.sh /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# Listen on every interface inside the container; gRPC (HTTP/2) on 5000, HTTP/JSON on 5001.
ENV Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:5000 \
    Kestrel__Endpoints__Http__Url=http://0.0.0.0:5001
EXPOSE 5000 5001
# The image's unprivileged user (uid 1654, as deploy/k8s runs it), never root.
USER $APP_UID
# The HTTP endpoint's /healthz reflects the same checks as grpc.health.v1 (NOT_SERVING while draining); bash's
# /dev/tcp needs no curl in the image.
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/5001 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["dotnet", "Survival.Server.dll"]
