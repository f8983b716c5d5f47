# The JVM service as a traditional image: build with Maven, then a runtime made by jlink with only the
# modules the jar needs, on a distroless base (no shell, no package manager), as a non-root user.
#   docker build -t moscow-time-jvm .
#   docker run --rm -p 8080:8080 moscow-time-jvm             # server mode
#   docker run --rm -e MODE=once moscow-time-jvm             # prints the time once
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY build build
COPY src/main src/main
RUN mvn -B -q -Pjar-only package -Dspotless.check.skip=true \
 && build/jlink-runtime target/moscow-time.jar /runtime

# java-base: glibc, zlib and the other libraries a jlink runtime needs, nothing more.
FROM gcr.io/distroless/java-base-debian12:nonroot
COPY --from=build /runtime /opt/java
COPY --from=build /src/target/moscow-time.jar /app/moscow-time.jar
# Serial GC, C1 only, a 24 MiB heap: measured in docs/benchmarks.md to keep RSS under load below 64 MiB.
COPY build/jvm.options /app/jvm.options
USER 65532:65532
EXPOSE 8080
ENV PORT=8080
ENTRYPOINT ["/opt/java/bin/java", "@/app/jvm.options", "-jar", "/app/moscow-time.jar"]
