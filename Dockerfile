# syntax=docker/dockerfile:1
# Multi-stage build of llmio: WebUI (Node 20) + server (Maven, JDK 25) -> a JRE 25 runtime image whose
# last step trains the startup cache (docs/startup.md) with that same JRE.

FROM node:20-bookworm-slim AS node

FROM maven:3.9-eclipse-temurin-25 AS build
# Node 20 for the WebUI build (the distribution's nodejs is too old for Vite 8)
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx && node --version && npm --version
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline -Dskip.ui=true || true
COPY ui/package.json ui/package-lock.json ui/
RUN cd ui && npm ci
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 llmio \
    && useradd --system --uid 10001 --gid llmio --home-dir /app --shell /usr/sbin/nologin llmio
WORKDIR /app
COPY --from=build /src/target/llmio.jar /app/llmio.jar
COPY --from=build /src/target/libs /app/libs
COPY config/llmio.example.yaml /app/config/llmio.example.yaml
# the training run (java -jar llmio.jar train: a loopback llmio and upstream in a temp dir) writes the AOT cache
RUN java -XX:+UseG1GC -Xmx320m -XX:AOTCacheOutput=/app/llmio.aot -jar /app/llmio.jar train \
    && mkdir -p /app/data && chown -R llmio:llmio /app/data
# numeric, so that Kubernetes' runAsNonRoot can check it (deploy/kubernetes/deployment.yaml runs as 10001 too)
USER 10001:10001
# embedded database lives here unless DATABASE_DSN points elsewhere
VOLUME ["/app/data"]
EXPOSE 7070
ENV LLMIO_SERVER_PORT=7070
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:${LLMIO_SERVER_PORT}/health/live || exit 1
# JVM flags (README "Benchmark"): G1 with a capped heap, 5,000 open streams in < 512 MB RSS;
# override with -e LLMIO_JAVA_OPTS=... (e.g. a larger -Xmx for big bodies with io-log)
ENV LLMIO_JAVA_OPTS="-XX:+UseG1GC -Xmx320m"
# arguments after the image name go to the jar: `docker run ... llmio import-legacy --from '...'`
ENTRYPOINT ["sh", "-c", "exec java $LLMIO_JAVA_OPTS -XX:AOTCache=/app/llmio.aot -Xlog:aot*=error -jar /app/llmio.jar \"$@\"", "llmio"]
