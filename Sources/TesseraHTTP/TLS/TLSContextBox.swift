import TesseraCore

/// The TLS context new connections get. A SIGHUP replaces it (`reload`); connections already
/// open keep the context they started with. A context that cannot be built leaves the current
/// one in place, so a bad new certificate never takes the listener down.
package final class TLSContextBox: Sendable {
    private let state: Locked<TLSContext>

    package init(_ context: TLSContext) {
        state = Locked(context)
    }

    /// Builds the first context from `settings` (a start: failure is fatal to the caller).
    package convenience init(settings: TLSSettings) throws(TLSError) {
        self.init(try TLSContext(settings: settings))
    }

    /// The context for a connection accepted now (one uncontended lock per accept).
    package var current: TLSContext { state.withLock { $0 } }

    /// Re-reads the files of `settings` (the current ones when nil) into a new context that
    /// keeps the session ticket keys. On failure the current context stays and the error says
    /// which file and why.
    package func reload(settings: TLSSettings? = nil) throws(TLSError) {
        let current = self.current
        let next = try TLSContext(settings: settings ?? current.settings, ticketKeys: current.ticketKeys)
        state.withLock { $0 = next }
    }
}
