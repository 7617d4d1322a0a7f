# Build: docker build -t wijkmatch .
# Run:   docker run -p 8080:8080 -v wijkmatch-data:/app/data wijkmatch
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# The bundled SQLite and libpq are compiled from source: a C compiler is all they need.
RUN apt-get update && apt-get install -y --no-install-recommends gcc make perl && rm -rf /var/lib/apt/lists/*
COPY Cargo.toml Cargo.lock build.rs ./
COPY src src
COPY migrations migrations
COPY config config
COPY reference reference
# Declared [[bench]] targets must exist for cargo to read the manifest.
COPY benches benches
RUN cargo build --release --locked && strip target/release/wijkmatch

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app wijkmatch \
    && mkdir -p /app/data && chown wijkmatch /app/data
WORKDIR /app
COPY --from=build /src/target/release/wijkmatch /usr/local/bin/wijkmatch
USER wijkmatch
ENV WIJKMATCH__SERVER__HOST=0.0.0.0 \
    WIJKMATCH__LOG__FORMAT=json
VOLUME ["/app/data"]
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/wijkmatch"]
CMD ["serve"]
