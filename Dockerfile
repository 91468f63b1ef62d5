# gateway-sync engine image. Build the jar first: mvn -B package -DskipTests
# The working directory /app is where the engine looks for application.properties and routes/*.yaml;
# docker-compose.yml mounts both there.
FROM eclipse-temurin:17-jre

# curl for the container healthcheck (newer Temurin images no longer ship it).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY target/gateway-sync.jar /app/gateway-sync.jar
RUN mkdir -p /app/routes /app/data

# gateway.port (gateway API, health, metrics) and the JMX port used in docker-compose.yml
EXPOSE 8080 9010

# JVM flags (JMX remote, heap) go in JDK_JAVA_OPTIONS, which the java launcher reads by itself.
# Arguments are passed on: docker compose run --rm engine --once
ENTRYPOINT ["java", "-jar", "/app/gateway-sync.jar"]
