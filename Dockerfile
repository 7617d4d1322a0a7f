# Build: docker build -t wijkmatch .
# Run:   docker run -p 8080:8080 -v wijkmatch-data:/app/data wijkmatch
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# The bundled SQLite and libpq are compiled from source: a C compiler is all they need.
RUN apt-get update && apt-get install -y --no-install-recommends gcc make perl && rm -rf /var/lib/apt/lists/*

# Dependencies first, in a layer of their own: built against empty targets, so a change to
# the service's own code reuses this layer instead of compiling every crate again.
COPY Cargo.toml Cargo.lock build.rs ./
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && echo 'fn main() {}' > benches/matching.rs \
    && echo 'fn main() {}' > benches/auth.rs \
    && cargo build --release --locked \
    && rm -rf src benches

COPY src src
COPY migrations migrations
COPY config config
COPY reference reference
# Declared [[bench]] targets must exist for cargo to read the manifest.
COPY benches benches
# The placeholder targets above are newer than nothing cargo knows of: touch the real ones.
RUN touch src/main.rs src/lib.rs build.rs \
    && cargo build --release --locked \
    && strip target/release/wijkmatch

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app wijkmatch \
    && mkdir -p /app/data && chown wijkmatch /app/data && chmod 0700 /app/data
WORKDIR /app
COPY --from=build /src/target/release/wijkmatch /usr/local/bin/wijkmatch
USER wijkmatch
ENV WIJKMATCH__SERVER__HOST=0.0.0.0 \
    WIJKMATCH__LOG__FORMAT=json
VOLUME ["/app/data"]
EXPOSE 8080
# /health answers 200 while the process serves; bash's /dev/tcp needs no extra package.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${WIJKMATCH__SERVER__PORT:-8080} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/usr/local/bin/wijkmatch"]
CMD ["serve"]
