import Testing
import TesseraCore
import TesseraConfig

/// The contract's example config.yaml, verbatim except for the placeholder secret hash.
let contractExample = """
issuer: "http://127.0.0.1:8080"   # the iss claim and the base of metadata URLs

server:
  listen: "127.0.0.1:8080"
  workers: 0                # I/O threads; 0 = one per core
  max_connections: 10000
  request_timeout: 10s      # a request must arrive whole within this
  idle_timeout: 60s         # idle keep-alive connections are closed after this
  max_header_bytes: 8192
  max_body_bytes: 16384
  shutdown_delay: 0s        # SIGTERM: keep serving this long with /readyz at 503 (5s behind a load balancer)
  shutdown_timeout: 10s     # then wait at most this long for requests in flight

tokens:
  algorithm: EdDSA          # EdDSA (Ed25519) | HS256
  ttl: 1h
  default_audience: []      # aud when the request names none
  reuse: true               # hand back a still-valid token for the same client, scopes and audiences
  reuse_min_remaining: 5m   # ...only while it has at least this long to live

keys:
  directory: ./keys         # Ed25519 private keys (PKCS#8 PEM); one is generated on first start
  hs256_secret: ""          # at least 32 bytes; "${TESSERA_HS256_SECRET}" reads the environment

state:
  directory: ./state        # embedded mode: where revocations are recorded

cache:
  local:
    capacity: 100000        # entries in the in-process LRU
    ttl: 60s
    stale_if_error: 5m      # stores down: a locally cached client is served this long after it was cached; 0 = never
  redis:                    # omit the whole section to run without Redis
    url: "redis://127.0.0.1:6379/0"
    pool_size: 8
    timeout: 50ms

database:                   # omit the whole section to run without PostgreSQL
  url: "postgres://tessera:tessera@127.0.0.1:5432/tessera"
  max_open_conns: 100
  max_idle_conns: 20
  conn_max_lifetime: 300s
  wait_timeout: 100ms       # longest wait for a pooled connection before answering 503

logging:
  level: info               # debug | info | warning | error (TESSERA_LOG_LEVEL overrides; an invalid value is a config error)
  format: logfmt            # logfmt | json
  access: true              # one line per HTTP request
  buffer: 16MiB             # log lines waiting for stderr; beyond it lines are dropped and counted

tracing:                    # omit the whole section: no traces are exported
  otlp_endpoint: "http://127.0.0.1:4318/v1/traces"   # OTLP/HTTP, protobuf
  sample_ratio: 1.0         # for requests without a sampled parent
  service_name: tessera

limits:
  per_client_rps: 0         # token requests per second per client; 0 = unlimited
  per_client_burst: 0       # extra requests allowed at once above the rate
  auth_failures_per_minute: 20   # failed authentications per client id and source address before 429
  auth_failures_per_minute_per_client: 200   # the same for one client id from all addresses together

clients:                    # static clients, always available, in every mode
  - id: demo
    secret_hash: "$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA"
    scopes: [read, write]
    audiences: [api]
    introspect: true        # may call /oauth/introspect
"""

@Suite struct ContractExampleTests {
    @Test func contractExampleParsesToExactlyItsValues() throws {
        let config = try ConfigLoader.parse(yaml: contractExample, file: "/etc/tessera/config.yaml", environment: [:])
        var expected = Config(
            issuer: "http://127.0.0.1:8080",
            server: ServerConfig(
                listen: HostPort(host: "127.0.0.1", port: 8080),
                workers: 0,
                maxConnections: 10000,
                requestTimeout: .seconds(10),
                idleTimeout: .seconds(60),
                maxHeaderBytes: 8192,
                maxBodyBytes: 16384,
                shutdownDelay: .zero,
                shutdownTimeout: .seconds(10)
            ),
            tokens: TokensConfig(
                algorithm: .EdDSA, ttl: .seconds(3600), defaultAudience: [], reuse: true,
                reuseMinRemaining: .seconds(300)
            ),
            keys: KeysConfig(directory: "/etc/tessera/keys", hs256Secret: ""),
            cache: CacheConfig(
                local: LocalCacheConfig(capacity: 100_000, ttl: .seconds(60)),
                redis: RedisConfig(url: "redis://127.0.0.1:6379/0", poolSize: 8, timeout: .milliseconds(50))
            ),
            database: DatabaseConfig(
                url: "postgres://tessera:tessera@127.0.0.1:5432/tessera",
                maxOpenConns: 100,
                maxIdleConns: 20,
                connMaxLifetime: .seconds(300),
                waitTimeout: .milliseconds(100)
            ),
            limits: RateLimits(perClientRPS: 0, perClientBurst: 0, authFailuresPerMinute: 20, authFailuresPerMinutePerClient: 200),
            logging: LoggingConfig(level: .info, format: .logfmt, access: true, buffer: 16 << 20),
            tracing: TracingConfig(otlpEndpoint: "http://127.0.0.1:4318/v1/traces", sampleRatio: 1.0, serviceName: "tessera"),
            issuerIsExplicit: true,
            clients: [
                StaticClientConfig(
                    id: "demo",
                    secretHash: "$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA",
                    scopes: ["read", "write"],
                    audiences: ["api"],
                    introspect: true
                ),
            ],
            sourceFile: "/etc/tessera/config.yaml"
        )
        expected.state.directory = "/etc/tessera/state"
        #expect(config == expected)
    }

    @Test(arguments: ["", "\n", "# only a comment\n", "---\n"])
    func emptyFileGivesTheBuiltInDefaults(yaml: String) throws {
        let config = try ConfigLoader.parse(yaml: yaml, file: "/srv/tessera/config.yaml", environment: [:])
        var expected = Config.defaults
        expected.keys.directory = "/srv/tessera/keys"
        expected.state.directory = "/srv/tessera/state"
        expected.sourceFile = "/srv/tessera/config.yaml"
        #expect(config == expected)
    }

    @Test func builtInDefaultsAreTheContractExampleWithoutRedisDatabaseOrClients() {
        let defaults = Config.defaults
        #expect(defaults.issuer == "http://127.0.0.1:8080")
        #expect(defaults.server == ServerConfig(
            listen: HostPort(host: "127.0.0.1", port: 8080), workers: 0, maxConnections: 10000,
            requestTimeout: .seconds(10), idleTimeout: .seconds(60), maxHeaderBytes: 8192, maxBodyBytes: 16384
        ))
        #expect(defaults.tokens == TokensConfig(
            algorithm: .EdDSA, ttl: .seconds(3600), defaultAudience: [], reuse: true, reuseMinRemaining: .seconds(300)
        ))
        #expect(defaults.keys == KeysConfig(directory: "./keys", hs256Secret: ""))
        #expect(defaults.cache == CacheConfig(local: LocalCacheConfig(capacity: 100_000, ttl: .seconds(60)), redis: nil))
        #expect(defaults.database == nil)
        #expect(defaults.limits == RateLimits(
            perClientRPS: 0, perClientBurst: 0, authFailuresPerMinute: 20, authFailuresPerMinutePerClient: 200))
        #expect(defaults.clients.isEmpty)
        #expect(defaults.sourceFile == nil)
    }

    @Test func presentSectionsFillTheirOtherKeysFromTheExample() throws {
        let yaml = """
        cache:
          redis:
            url: rediss://cache.internal:6380/1
        database:
          url: postgresql://db.internal/tessera
        """
        let config = try ConfigLoader.parse(yaml: yaml, file: "/c/config.yaml", environment: [:])
        #expect(config.cache.redis == RedisConfig(url: "rediss://cache.internal:6380/1", poolSize: 8, timeout: .milliseconds(50)))
        #expect(config.database == DatabaseConfig(
            url: "postgresql://db.internal/tessera", maxOpenConns: 100, maxIdleConns: 20,
            connMaxLifetime: .seconds(300), waitTimeout: .milliseconds(100)
        ))
        #expect(config.cache.local == LocalCacheConfig())
    }

    @Test func nullSectionsCountAsAbsent() throws {
        let config = try ConfigLoader.parse(yaml: "database:\ncache:\n  redis: ~\n", file: "/c/config.yaml", environment: [:])
        #expect(config.database == nil)
        #expect(config.cache.redis == nil)
    }

    @Test func ipv6ListenKeepsTheAddressWithoutBrackets() throws {
        let config = try ConfigLoader.parse(yaml: "server:\n  listen: \"[::1]:0\"\n", file: "/c/config.yaml", environment: [:])
        #expect(config.server.listen == HostPort(host: "::1", port: 0))
        #expect(config.server.listen.description == "[::1]:0")
    }

    @Test func hs256WithALongEnoughSecretIsAccepted() throws {
        let yaml = "tokens:\n  algorithm: HS256\nkeys:\n  hs256_secret: \"${SECRET}\"\n"
        let secret = String(repeating: "k", count: 32)
        let config = try ConfigLoader.parse(yaml: yaml, file: "/c/config.yaml", environment: ["SECRET": secret])
        #expect(config.tokens.algorithm == .HS256)
        #expect(config.keys.hs256Secret == secret)
    }

    /// `ttl: 2m` alone must not fail on the 5m default of reuse_min_remaining, nor a small
    /// max_open_conns on the default of 20 idle connections.
    @Test func leftOutDefaultsFollowASmallerLimit() throws {
        let yaml = "tokens:\n  ttl: 2m\ndatabase:\n  url: postgres://h/db\n  max_open_conns: 5\n"
        let config = try ConfigLoader.parse(yaml: yaml, file: "/c/config.yaml", environment: [:])
        #expect(config.tokens.reuseMinRemaining == .seconds(60))
        #expect(config.database?.maxIdleConns == 5)
    }
}
