# One image recipe for every .NET host; docker compose passes the project to publish.
#   PROJECT  path of the host's .csproj, from the repository root
#   ASSEMBLY the published entry assembly (its file name)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
COPY . .
RUN dotnet publish "${PROJECT}" -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG ASSEMBLY
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    ENTRY_ASSEMBLY=${ASSEMBLY}
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["sh", "-c", "exec dotnet \"$ENTRY_ASSEMBLY\""]
