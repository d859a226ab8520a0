# Tessera as a container: built with the Swift toolchain, run on Debian slim with only the C
# libraries it links (OpenSSL, hiredis, libpq). The Swift runtime is linked statically.
#
#   docker build -t tessera .
#   docker run --rm -p 8080:8080 -v "$PWD/deploy/config.yaml:/etc/tessera/config.yaml:ro" tessera
#
# Builds from a fresh clone: Package.resolved is not in the repository (it is used when a local
# one exists). Every target folder Package.swift names is copied (Sources, Fuzz, Tests, Plugins), because
# SwiftPM refuses a package whose declared target folders are missing, even when building one
# product. TESSERA_CONFIG names the mounted config for every command, so
# `docker run --rm tessera client list` (or `docker compose run --rm migrate client add ...`)
# needs no --config.
ARG SWIFT_IMAGE=swift:6.3.1-bookworm

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends pkg-config libssl-dev libhiredis-dev libpq-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The brackets make Package.resolved optional: a glob that matches nothing copies nothing.
COPY Package.swift Package.resolve[d] ./
RUN swift package resolve
COPY Sources ./Sources
COPY Fuzz ./Fuzz
COPY Tests ./Tests
COPY Plugins ./Plugins
RUN swift build -c release --product tessera --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/tessera" /out/tessera

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libssl3 libhiredis0.14 libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/tessera --create-home tessera \
    && install -d -o tessera -g tessera -m 0700 /var/lib/tessera/keys
COPY --from=build /out/tessera /usr/local/bin/tessera
USER tessera
WORKDIR /var/lib/tessera
ENV TESSERA_CONFIG=/etc/tessera/config.yaml
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=2s --start-period=10s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/readyz >/dev/null || exit 1
ENTRYPOINT ["tessera"]
CMD ["serve"]
