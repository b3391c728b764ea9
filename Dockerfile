# syntax=docker/dockerfile:1
#
# Weft's images, built from source with Maven inside Docker (docker-compose.yml builds both):
#   docker build --target weft  -t weft:dev .        # java -jar /opt/weft/weft.jar <command> ...
#   docker build --target peers -t weft-peers:dev .  # the SOFA RPC demo provider and consumer
# A plain `docker build .` builds the last stage, weft.

# --- build: weft.jar and the SOFA RPC peers, tests skipped (./mvnw verify runs them) ---
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The Maven repository is a build cache, kept between builds and never in an image.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -DskipTests package \
      -pl weft-cli,e2e-tests/peers-sofa -am

# --- peers: the demo apps, stock SOFA RPC 5 over the sidecar's mesh registry agent ---
FROM eclipse-temurin:17-jre AS peers
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/e2e-tests/peers-sofa/target/peers-sofa.jar /opt/peers/peers-sofa.jar
COPY --from=build /src/e2e-tests/peers-sofa/target/lib/ /opt/peers/lib/
COPY docker/demo-provider.sh docker/demo-consumer.sh /opt/peers/
RUN chmod 0755 /opt/peers/*.sh
WORKDIR /opt/peers

# --- weft: the weft command (control plane, sidecar, registry client) ---
FROM eclipse-temurin:17-jre AS weft
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/weft-cli/target/weft.jar /opt/weft/weft.jar
WORKDIR /opt/weft
ENTRYPOINT ["java", "-jar", "/opt/weft/weft.jar"]
CMD ["--help"]
