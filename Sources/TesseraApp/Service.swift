import TesseraConfig
import TesseraHTTP

/// The running service: the HTTP server with Tessera's handler, built from a `Config`.
package final class Service: @unchecked Sendable {
    private let metrics = Metrics()
    private let box: StateBox
    private let server: HTTPServer
    private let listen: HostPort
    private let tiers: StoreTiers

    package init(config: Config) throws(ServiceError) {
        let sink = InvalidationSink()
        tiers = try StoreTiers(config: config, metrics: metrics) { message in sink.apply(message) }
        let state = try AppState.build(config: config, metrics: metrics, tiers: tiers)
        box = StateBox(state)
        sink.attach(box: box, clients: tiers.clients)
        listen = config.server.listen
        let limits = HTTPLimits(
            maxConnections: config.server.maxConnections,
            requestTimeout: config.server.requestTimeout,
            idleTimeout: config.server.idleTimeout,
            maxHeaderBytes: config.server.maxHeaderBytes,
            maxBodyBytes: config.server.maxBodyBytes)
        let options = HTTPServerOptions(host: listen.host, port: listen.port, workers: config.server.workers, limits: limits)
        let counter = ConnectionCounter()
        let handler = TesseraHandler(box: box, metrics: metrics, readiness: Readiness(tiers: tiers), tiers: tiers,
                                     openConnections: { counter.current })
        server = HTTPServer(options: options, handler: handler, connections: counter)
    }

    /// Starts accepting; returns the address as `HOST:PORT` with the port actually bound.
    package func start() throws(ServiceError) -> String {
        do {
            let port = try server.start()
            tiers.start()
            let host = listen.isIPv6 ? "[\(listen.host)]" : listen.host
            Log.info("listening", [("address", "\(host):\(port)"), ("keys", "\(box.current.keyRing.verifiers.count)")])
            return "\(host):\(port)"
        } catch {
            throw .runtime("cannot listen on \(listen): \(error)")
        }
    }

    /// SIGHUP: re-reads the config file and the key directory. An invalid new config is logged
    /// and the running one kept. Listen address and server limits need a restart.
    package func reload(environment: [String: String]) {
        let current = box.current
        do {
            let config = try ConfigLoader.load(path: current.config.sourceFile, environment: environment)
            if config.cache.redis != current.config.cache.redis || config.database != current.config.database {
                Log.warning("cache.redis and database changes take effect after a restart")
            }
            let next = try AppState.build(config: config, metrics: metrics, tiers: tiers, previous: current)
            box.replace(next)
            Log.info("configuration reloaded", [("clients", "\(config.clients.count)")])
        } catch let error as ConfigError {
            Log.error("reload refused, keeping the running configuration", [("reason", error.description)])
        } catch {
            Log.error("reload refused, keeping the running configuration", [("reason", "\(error)")])
        }
    }

    package func stop(drain: Duration) {
        server.shutdown(drain: drain)
        tiers.stop()
    }

    package func wait() {
        server.wait()
    }
}
