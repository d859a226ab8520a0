import Glibc
import Synchronization
import TesseraConfig
import TesseraHTTP
import TesseraOAuth

/// The running service: the HTTP server with Tessera's handler, built from a `Config`.
package final class Service: @unchecked Sendable {
    private let metrics = Metrics()
    private let box: StateBox
    private let server: HTTPServer
    private let listen: HostPort
    /// Revocations outlive every reload: a rebuilt state must not bring a revoked token back.
    private let revocations = RevocationList()
    private let policy = KeyRotationPolicy.fromEnvironment()
    /// Serialises rebuilds (SIGHUP on the main thread, key changes on the watcher's queue).
    private let rebuilding = Mutex<Void>(())
    private var watcher: KeyWatcher?
    /// Redis and PostgreSQL behind the local tier; built once (changing them needs a restart).
    private let tiers: StoreTiers
    /// The certificate new TLS connections get (`server.tls`); nil for plain HTTP.
    let tls: TLSContextBox?
    var hasTLS: Bool { tls != nil }

    package init(config: Config) throws(ServiceError) {
        let sink = InvalidationSink()
        tiers = try StoreTiers(config: config, metrics: metrics) { message in sink.apply(message) }
        let state = try AppState.build(
            config: config, metrics: metrics, revocations: revocations, policy: policy, tiers: tiers)
        box = StateBox(state)
        sink.attach(box: box, clients: tiers.clients, revocations: revocations)
        listen = config.server.listen
        let limits = HTTPLimits(
            maxConnections: config.server.maxConnections,
            requestTimeout: config.server.requestTimeout,
            idleTimeout: config.server.idleTimeout,
            maxHeaderBytes: config.server.maxHeaderBytes,
            maxBodyBytes: config.server.maxBodyBytes)
        tls = try Self.tlsContext(config.server.tls)
        let security = TransportSecurity(tls: tls, trustedProxies: try Self.trustedProxies(config.server.trustedProxies))
        let options = HTTPServerOptions(host: listen.host, port: listen.port, workers: config.server.workers, limits: limits,
            sharedListener: Self.sharedListenerRequested, security: security)
        let counter = ConnectionCounter()
        let handler = TesseraHandler(box: box, metrics: metrics, readiness: Readiness(tiers: tiers), tiers: tiers,
                                     openConnections: { counter.current })
        server = HTTPServer(options: options, handler: handler, connections: counter)
    }

    /// Starts accepting; returns the address as `HOST:PORT` with the port actually bound.
    package func start() throws(ServiceError) -> String {
        do {
            let port = try server.start()
            tiers.start(revocations: revocations)
            let host = listen.isIPv6 ? "[\(listen.host)]" : listen.host
            Log.info("listening", [("address", "\(host):\(port)"), ("keys", "\(box.current.keyRing.verifiers.count)")])
            let watcher = KeyWatcher { [weak self] in self?.refreshKeys() }
            watcher.start(nextChange: box.current.keys.nextChange)
            self.watcher = watcher
            return "\(host):\(port)"
        } catch {
            throw .runtime("cannot listen on \(listen): \(error)")
        }
    }

    /// SIGHUP: re-reads the config file and the key directory. An invalid new config is logged
    /// and the running one kept. Listen address and server limits need a restart.
    package func reload(environment: [String: String]) {
        rebuilding.withLock { _ in
            let current = box.current
            do {
                let config = try ConfigLoader.load(path: current.config.sourceFile, environment: environment)
                if config.cache.redis != current.config.cache.redis || config.database != current.config.database {
                    Log.warning("cache.redis and database changes take effect after a restart")
                }
                let next = try AppState.build(config: config, metrics: metrics, revocations: revocations, policy: policy,
                                              tiers: tiers, previous: current)
                try reloadTLS(config.server.tls)
                if config.server.trustedProxies != current.config.server.trustedProxies {
                    Log.warning("server.trusted_proxies changes take effect after a restart")
                }
                box.replace(next)
                watcher?.reschedule(nextChange: next.keys.nextChange)
                Log.info("configuration reloaded", [("clients", "\(config.clients.count)")])
            } catch let error as ConfigError {
                Log.error("reload refused, keeping the running configuration", [("reason", error.description)])
            } catch {
                Log.error("reload refused, keeping the running configuration", [("reason", "\(error)")])
            }
        }
    }

    /// The key watcher's tick: rebuilds the state when the keys in force changed (a key added,
    /// activated, retired or removed), and sweeps expired revocations. Returns the next moment a
    /// key activates or retires.
    func refreshKeys() -> Int64? {
        rebuilding.withLock { _ in
            let current = box.current
            let now = Int64(time(nil))
            revocations.removeExpired(now: now)
            do {
                let keys = try KeySet.read(config: current.config, now: now, policy: policy)
                if keys.identity != current.keys.identity {
                    let next = try AppState.build(config: current.config, metrics: metrics, revocations: revocations,
                                                  policy: policy, tiers: tiers, previous: current, keys: keys)
                    box.replace(next)
                    Log.info("signing keys changed", [("signer", keys.ring.signer.keyID.value),
                                                      ("published", "\(keys.ring.jwks.keys.count)")])
                }
                return keys.nextChange
            } catch {
                Log.error("key directory check failed, keeping the running keys", [("reason", "\(error)")])
                return nil
            }
        }
    }

    package func stop(drain: Duration) {
        watcher?.stop()
        server.shutdown(drain: drain)
        tiers.stop()
    }

    package func wait() {
        server.wait()
    }

    /// `TESSERA_ACCEPT=shared`: one listening socket for all I/O threads instead of one each
    /// (SO_REUSEPORT, the default). Kept for benchmarking the two (docs/PERFORMANCE.md).
    static var sharedListenerRequested: Bool {
        getenv("TESSERA_ACCEPT").map { String(cString: $0) == "shared" } ?? false
    }
}
