# The reference server with the built viewer and the sample content (docs/deploy.md).
#   docker build -t profile-viewer .
#   docker run -p 8080:8080 profile-viewer            # behind your TLS proxy
# Put your own content over /srv/viewer/content (a volume or a bind mount) and send the
# container SIGHUP to reload it; SIGTERM stops it gracefully.

FROM rust:1-bookworm AS build
# npm brings binaryen's wasm-opt (package-lock.json); xtask installs Trunk and
# wasm-bindgen-cli at the pinned versions.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo xtask build \
 && cargo build --release --locked -p profile-server

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /srv/viewer viewer
COPY --from=build /src/target/release/profile-server /usr/local/bin/profile-server
COPY --from=build /src/dist /srv/viewer/dist
COPY content /srv/viewer/content
# Members and sessions (a SQLite file): keep it on a volume so deploys keep every session.
RUN mkdir -p /srv/viewer/data && chown viewer /srv/viewer/data
VOLUME /srv/viewer/data
USER viewer
EXPOSE 8080
# Logs are JSON lines on stderr; GET /healthz is the health probe.
ENTRYPOINT ["profile-server", "--content", "/srv/viewer/content", "--dist", "/srv/viewer/dist", \
            "--database", "/srv/viewer/data/profile-server.db", \
            "--addr", "0.0.0.0:8080", "--log-format", "json"]
