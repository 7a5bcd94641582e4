# One image for every Enoki node of docker-compose.yml: the enoki launcher and the demo services, from the jars the
# Maven build made (./mvnw -B -q -DskipTests package), on a JRE.
# JRE_IMAGE: any image with Java 17+ on the PATH, groupadd/useradd and curl (the compose health check uses it).
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}

RUN groupadd --system enoki \
    && useradd --system --gid enoki --home-dir /opt/enoki --no-create-home --shell /usr/sbin/nologin enoki
WORKDIR /opt/enoki
COPY launcher/target/enoki.jar demo-services/target/enoki-demo.jar scripts/shop-node.yml ./
USER enoki

# The orders node's web server, the gateway, the management server (/health/ready, /metrics)
EXPOSE 8000 8080 9464
# Exec form: the JVM is process 1 and gets docker's SIGTERM itself, so a node drains before it stops. The heap
# follows the container's memory limit; JAVA_TOOL_OPTIONS adds options of yours.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/enoki/enoki.jar"]
CMD ["--help"]
