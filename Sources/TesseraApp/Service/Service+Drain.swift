import TesseraConfig

extension Service {
    /// How long a drain lasts, from the config in force when it starts (both keys apply on SIGHUP).
    package struct DrainTimes: Sendable {
        /// `server.shutdown_delay`: serving on, /readyz at 503, while a load balancer stops sending.
        package let delay: Duration
        /// `server.shutdown_timeout`: then the longest wait for requests in flight.
        package let timeout: Duration
    }

    /// The drain's first phase (SIGTERM, SIGINT): /readyz answers 503 from now on so that load
    /// balancers take this node out, while connections are still accepted and served; each is
    /// closed after its next response, so that no keep-alive connection sits idle on this node
    /// when the listener closes (`stop`). Returns the delay and timeout to apply.
    package func beginDrain() -> DrainTimes {
        readiness.beginDrain()
        server.closeAfterResponses()
        let server = box.current.config.server
        return DrainTimes(delay: server.shutdownDelay, timeout: server.shutdownTimeout)
    }
}
