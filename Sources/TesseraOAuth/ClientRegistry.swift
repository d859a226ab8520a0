import TesseraStore

/// The clients the token endpoint can authenticate: the static ones from the config file, immutable
/// once built (a reload builds a new registry). Lookup is one dictionary probe on the id String; ids
/// up to 15 UTF-8 bytes are stored inline by Swift, so building the key allocates nothing.
///
/// The Redis and PostgreSQL tiers (issue 4) will sit behind this through `TesseraStore.ClientStore`.
package final class ClientRegistry: Sendable {
    private let clients: [String: Client]

    package init(_ clients: [Client]) {
        var byID: [String: Client] = [:]
        for client in clients { byID[client.id] = client }
        self.clients = byID
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

    package func client(id: String) -> Client? { clients[id] }

    package var count: Int { clients.count }

    package var all: [Client] { clients.values.sorted { $0.id < $1.id } }
}

/// A client record whose secret hash cannot be used.
package struct ClientRegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    package let clientID: String
    package let reason: SecretHashError

    package var description: String { "client \"\(clientID)\": \(reason)" }
}
