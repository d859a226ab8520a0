import TesseraCore

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
        self.requestTimeoutNanos = requestTimeout.nanoseconds
        self.idleTimeoutNanos = idleTimeout.nanoseconds
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderCount = maxHeaderCount
    }

    /// The largest chunked encoding accepted for a body of `maxBodyBytes` (tiny chunks cost
    /// several framing bytes each).
    package var maxEncodedBodyBytes: Int { maxBodyBytes * 4 + 1024 }

    /// The read buffer one connection may grow to.
    var maxBufferBytes: Int { maxHeaderBytes + maxEncodedBodyBytes }
}

/// Where and how the server listens.
package struct HTTPServerOptions: Sendable {
    package var host: String
    package var port: UInt16
    /// Event loop threads; 0 means one per core.
    package var workers: Int
    package var limits: HTTPLimits
    /// HTTPS or plain HTTP, and the trusted proxies.
    package var security: TransportSecurity

    package init(host: String = "127.0.0.1", port: UInt16 = 0, workers: Int = 0, limits: HTTPLimits = HTTPLimits(),
                 security: TransportSecurity = .plain) {
        self.host = host
        self.port = port
        self.workers = workers
        self.limits = limits
        self.security = security
    }
}
