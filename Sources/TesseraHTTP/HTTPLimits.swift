/// The limits and timeouts of the HTTP layer (mapped from the service's config by the app).
package struct HTTPLimits: Sendable, Equatable {
    package var maxConnections: Int
    /// A request must arrive whole within this many nanoseconds of its first byte.
    package var requestTimeoutNanos: UInt64
    /// An idle keep-alive connection (or one whose peer stops reading) closes after this.
    package var idleTimeoutNanos: UInt64
    package var maxHeaderBytes: Int
    package var maxBodyBytes: Int
    package var maxHeaderCount: Int

    package init(maxConnections: Int = 10_000, requestTimeout: Duration = .seconds(10),
                 idleTimeout: Duration = .seconds(60), maxHeaderBytes: Int = 8192,
                 maxBodyBytes: Int = 16384, maxHeaderCount: Int = 100) {
        self.maxConnections = maxConnections
        self.requestTimeoutNanos = Self.nanos(requestTimeout)
        self.idleTimeoutNanos = Self.nanos(idleTimeout)
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderCount = maxHeaderCount
    }

    /// The largest chunked encoding accepted for a body of `maxBodyBytes` (tiny chunks cost
    /// several framing bytes each).
    package var maxEncodedBodyBytes: Int { maxBodyBytes * 4 + 1024 }

    /// The read buffer one connection may grow to.
    var maxBufferBytes: Int { maxHeaderBytes + maxEncodedBodyBytes }

    static func nanos(_ d: Duration) -> UInt64 {
        let (s, atto) = d.components
        return UInt64(max(0, s)) * 1_000_000_000 + UInt64(max(0, atto) / 1_000_000_000)
    }
}

/// Where and how the server listens.
package struct HTTPServerOptions: Sendable {
    package var host: String
    package var port: UInt16
    /// Event loop threads; 0 means one per core.
    package var workers: Int
    package var limits: HTTPLimits
    /// One listening socket shared by all loops (EPOLLEXCLUSIVE) instead of one per loop
    /// (SO_REUSEPORT). Per-loop sockets measured faster (docs/PERFORMANCE.md) and are the default.
    package var sharedListener: Bool
    /// HTTPS or plain HTTP, and the trusted proxies.
    package var security: TransportSecurity

    package init(host: String = "127.0.0.1", port: UInt16 = 0, workers: Int = 0, limits: HTTPLimits = HTTPLimits(),
                 sharedListener: Bool = false, security: TransportSecurity = .plain) {
        self.host = host
        self.port = port
        self.workers = workers
        self.limits = limits
        self.sharedListener = sharedListener
        self.security = security
    }
}
