/// Where client registrations come from. The static tier (`StaticClientStore`, from `clients:` in the
/// config) answers at once from memory; the Redis and PostgreSQL tiers leave the process,
/// so callers must only use `lookup` off the I/O thread unless `answersInline` is true.
package protocol ClientStore: Sendable {
    /// Name of the tier for metrics, Server-Timing and `StoreError.unavailable(tier:)`.
    var tier: StoreTier { get }
    /// True when `lookup` never blocks (an in-memory tier), so it may run on an I/O thread.
    var answersInline: Bool { get }
    /// The client with this id, nil when the tier knows it does not exist, or
    /// `StoreError.unavailable` when the tier cannot tell.
    func lookup(id: String) throws(StoreError) -> ClientRecord?
}

/// The clients of the configuration file: an immutable dictionary, always available.
package struct StaticClientStore: ClientStore {
    private let clients: [String: ClientRecord]

    package init(_ records: [ClientRecord]) {
        var clients: [String: ClientRecord] = [:]
        for record in records { clients[record.id] = record }
        self.clients = clients
    }

    package var tier: StoreTier { .local }
    package var answersInline: Bool { true }
    package var all: [ClientRecord] { clients.values.sorted { $0.id < $1.id } }

    package func lookup(id: String) throws(StoreError) -> ClientRecord? { clients[id] }
}
