import TesseraCore
import TesseraStore

/// The clients the token endpoint can authenticate: the static ones from the config file, immutable
/// once built (a reload builds a new registry). Lookup is one dictionary probe on the id String; ids
/// up to 15 UTF-8 bytes are stored inline by Swift, so building the key allocates nothing.
///
/// Clients registered in PostgreSQL come through `dynamic` (local LRU, then Redis, then
/// PostgreSQL); static clients win over stored ones with the same id.
package final class ClientRegistry: Sendable {
    private let clients: [ID: Client]
    /// The store-backed clients, when a database is configured.
    package let dynamic: ClientCache?

    package init(_ clients: [Client], dynamic: ClientCache? = nil) {
        var byID: [ID: Client] = [:]
        for client in clients { byID[ID(client.id)] = client }
        self.clients = byID
        self.dynamic = dynamic
    }

    /// The client from memory: static, else the local tier of stored clients. `.miss` means the
    /// tiers behind must be asked (off the I/O thread, see `ClientCache.resolve`).
    package func lookup(id: String) -> ClientCache.Lookup {
        if let client = clients[ID(id)] { return .found(client) }
        guard let dynamic else { return .unknown }
        return dynamic.lookup(id: id)
    }

    /// Parses every record; the first bad secret hash fails the whole registry, naming the client.
    package convenience init(records: [ClientRecord]) throws(ClientRegistryError) {
        var clients: [Client] = []
        for record in records {
            do {
                clients.append(try Client(record: record))
            } catch {
                throw ClientRegistryError(clientID: record.id, reason: error)
            }
        }
        self.init(clients)
    }

    /// The client when known in memory (static, or stored and cached locally).
    package func client(id: String) -> Client? {
        if case .found(let client) = lookup(id: id) { return client }
        return nil
    }

    package var count: Int { clients.count }

    package var all: [Client] { clients.values.sorted { ExactString($0.id) < ExactString($1.id) } }

    /// A client id as the table's key: compared by bytes, placed by its seeded fold alone. The
    /// table only ever holds the configured ids, so no id presented by a request can lengthen a
    /// probe: a SipHash pass on top (the `Hasher`, ~160 instructions a lookup) bought nothing.
    private struct ID: Hashable {
        let id: ExactString

        init(_ id: String) { self.id = ExactString(id) }

        func hash(into hasher: inout Hasher) { hasher.combine(GrantDigest.part(id.value)) }

        func _rawHashValue(seed: Int) -> Int { GrantDigest.spread(GrantDigest.part(id.value), seed: seed) }
    }
}

/// A client record whose secret hash cannot be used.
package struct ClientRegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    package let clientID: String
    package let reason: SecretHashError

    package var description: String { "client \"\(clientID)\": \(reason)" }
}
