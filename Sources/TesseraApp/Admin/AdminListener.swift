import TesseraConfig
import TesseraCore
import TesseraHTTP

/// `admin:`: the second listener, its API and the audit trail's retention. Built with the service,
/// started after the public listener; it shares the state, stores and limits of the service but
/// never its socket.
final class AdminListener: @unchecked Sendable {
    // @unchecked: immutable; its server, API and purge task synchronise themselves.
    let server: HTTPServer
    let api: AdminAPI
    let tls: TLSContextBox?
    private let listen: HostPort
    private let purge = PeriodicTask(interval: .seconds(3600))

    init(config: AdminConfig, limits: HTTPLimits, workers: Int, box: StateBox, operations: AdminOperations, audit: AuditTrail,
         metrics: (@Sendable () -> String)?) throws(ServiceError) {
        listen = config.listen
        tls = try Service.tlsContext(config.tls)
        api = AdminAPI(box: box, operations: operations, audit: audit, metrics: config.metrics ? metrics : nil)
        let options = HTTPServerOptions(host: listen.host, port: listen.port, workers: max(1, min(workers, 2)), limits: limits,
                                        security: TransportSecurity(tls: tls))
        server = HTTPServer(options: options, handler: AdminHandler(api: api))
    }

    var scheme: String { tls == nil ? "http" : "https" }

    /// Starts accepting; returns `scheme://HOST:PORT` with the port actually bound.
    func start() throws(ServiceError) -> String {
        let port: UInt16
        do {
            port = try server.start()
        } catch {
            throw .runtime("cannot listen on \(listen) (admin.listen): \(error)")
        }
        let audit = api.audit
        purge.start { audit.purge() }
        audit.purge()
        let host = listen.isIPv6 ? "[\(listen.host)]" : listen.host
        return "\(scheme)://\(host):\(port)"
    }

    func stop(drain: Duration) {
        purge.stop()
        server.shutdown(drain: drain)
    }
}
