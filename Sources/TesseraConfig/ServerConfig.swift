/// `server:` — the HTTP listener and its limits.
package struct ServerConfig: Sendable, Equatable {
    package var listen: HostPort
    /// I/O threads; 0 = one per core. 0...1024.
    package var workers: Int
    /// Open connections beyond this are refused; >= 1.
    package var maxConnections: Int
    /// A request must arrive whole within this.
    package var requestTimeout: Duration
    /// Idle keep-alive connections are closed after this.
    package var idleTimeout: Duration
    /// 256 ... 1 MiB.
    package var maxHeaderBytes: Int
    /// 1 ... 16 MiB.
    package var maxBodyBytes: Int
    /// `server.tls`: HTTPS instead of plain HTTP; nil = plain.
    package var tls: TLSConfig?
    /// `server.trusted_proxies`: CIDRs (as written, validated) whose `Client-Cert` header is believed.
    package var trustedProxies: [String]
    /// SIGTERM: /readyz answers 503 while requests are still served this long (the time a load
    /// balancer takes to stop sending); SIGINT skips it. 0 = close the listener at once.
    package var shutdownDelay: Duration
    /// Then requests in flight get at most this long before the process exits.
    package var shutdownTimeout: Duration

    package init(
        listen: HostPort = HostPort(host: "127.0.0.1", port: 8080),
        workers: Int = 0,
        maxConnections: Int = 10_000,
        requestTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        maxHeaderBytes: Int = 8192,
        maxBodyBytes: Int = 16384,
        tls: TLSConfig? = nil,
        trustedProxies: [String] = [],
        shutdownDelay: Duration = .zero,
        shutdownTimeout: Duration = .seconds(10)
    ) {
        self.listen = listen
        self.workers = workers
        self.maxConnections = maxConnections
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.tls = tls
        self.trustedProxies = trustedProxies
        self.shutdownDelay = shutdownDelay
        self.shutdownTimeout = shutdownTimeout
    }
}
