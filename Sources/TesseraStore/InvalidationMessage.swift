/// What one node tells the others on the Redis channel: a client changed (removed, secret rotated,
/// added after being cached as unknown) or a token was revoked. Fields joined by U+001F.
package enum InvalidationMessage: Sendable, Equatable {
    case client(id: String)
    case revocation(jwtID: String, expiresAt: Int64, clientID: String)
    /// Every token of the client issued at or before `notBefore` is revoked (`revoke-tokens`,
    /// `client remove`).
    case cut(clientID: String, notBefore: Int64)
    /// A signing key was made or removed in PostgreSQL: read the keys again now.
    case keys

    package static let channel = "tessera:invalidate"

    package var encoded: [UInt8] {
        switch self {
        case .client(let id): Array("c\u{1F}\(id)".utf8)
        case .revocation(let jwtID, let expiresAt, let clientID): Array("r\u{1F}\(jwtID)\u{1F}\(expiresAt)\u{1F}\(clientID)".utf8)
        case .cut(let clientID, let notBefore): Array("n\u{1F}\(notBefore)\u{1F}\(clientID)".utf8)
        case .keys: Array("k".utf8)
        }
    }

    package init?(decoding bytes: [UInt8]) {
        // Split on the byte: a Character split would glue U+001F to a combining mark after it.
        let fields = bytes.split(separator: 0x1F, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        switch fields.first {
        case "c" where fields.count == 2:
            self = .client(id: String(fields[1]))
        case "r" where fields.count == 4:
            guard let expiresAt = Int64(fields[2]) else { return nil }
            self = .revocation(jwtID: String(fields[1]), expiresAt: expiresAt, clientID: String(fields[3]))
        case "n" where fields.count == 3:
            guard let notBefore = Int64(fields[1]) else { return nil }
            self = .cut(clientID: String(fields[2]), notBefore: notBefore)
        case "k" where fields.count == 1:
            self = .keys
        default:
            return nil
        }
    }
}
