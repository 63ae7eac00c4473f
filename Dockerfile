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
# The image's unprivileged user (uid 1654), never root.
USER $APP_UID
ENTRYPOINT ["dotnet", "Survival.Server.dll"]
