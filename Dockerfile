# One image for every node of docker-compose.yml: the enoki launcher and the demo services, built from this
# repository with its own Maven wrapper.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package -pl launcher -am

FROM eclipse-temurin:17-jre
WORKDIR /opt/enoki
COPY --from=build /src/launcher/target/enoki.jar /src/demo-services/target/enoki-demo.jar ./
COPY scripts/shop-node.yml ./
# Hazelcast member, clustered event bus, the orders node's HTTP server, the gateway
EXPOSE 5701 5801 8000 8080
ENTRYPOINT ["java", "-jar", "/opt/enoki/enoki.jar"]
CMD ["--help"]
