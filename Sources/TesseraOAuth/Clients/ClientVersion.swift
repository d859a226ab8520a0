/// A client's version: a 64-bit FNV-1a hash of everything that decides what it is granted and how
/// it authenticates (id, secret hash, scopes, audiences, introspect, private_key_jwt keys and
/// certificate methods, the store's version column).
/// Any change anywhere -- `clients:` edited and reloaded, a client command on PostgreSQL -- gives
/// another version, on every node alike (the hash is not seeded per process), so a reused token
/// stamped with the old one is never handed out again. Computed once per `Client` object.
package enum ClientVersion {
    private static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    package static func of(
        id: String, secretHash: String, scopes: [String], audiences: [String], introspect: Bool, credentials: [String] = [],
        stored: Int64
    ) -> UInt64 {
        var hash = offset
        func mix(_ bytes: String.UTF8View) {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
            hash = (hash ^ 0xFF) &* prime  // a byte no UTF-8 text holds ends each field
        }
        mix(id.utf8)
        mix(secretHash.utf8)
        for scope in scopes { mix(scope.utf8) }
        hash = (hash ^ 0xFE) &* prime
        for audience in audiences { mix(audience.utf8) }
        hash = (hash ^ 0xFE) &* prime
        mix((introspect ? "1" : "0").utf8)
        for credential in credentials { mix(credential.utf8) }
        hash = (hash ^ 0xFE) &* prime
        mix(String(stored).utf8)
        return hash
    }

    /// The same hash over any text (a signing key's algorithm and id).
    package static func of(text: String) -> UInt64 {
        var hash = offset
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }
}
