/// What one node tells the others on the Redis channel: a client changed (removed, secret rotated,
/// added after being cached as unknown) or a token was revoked. Fields joined by U+001F.
package enum InvalidationMessage: Sendable, Equatable {
    case client(id: String)
    case revocation(jwtID: String, expiresAt: Int64, clientID: String)

    package static let channel = "tessera:invalidate"

    package var encoded: [UInt8] {
        switch self {
        case .client(let id): Array("c\u{1F}\(id)".utf8)
        case .revocation(let jwtID, let expiresAt, let clientID): Array("r\u{1F}\(jwtID)\u{1F}\(expiresAt)\u{1F}\(clientID)".utf8)
        }
    }

    package init?(decoding bytes: [UInt8]) {
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: "\u{1F}", omittingEmptySubsequences: false)
        switch fields.first {
        case "c" where fields.count == 2:
            self = .client(id: String(fields[1]))
        case "r" where fields.count == 4:
            guard let expiresAt = Int64(fields[2]) else { return nil }
            self = .revocation(jwtID: String(fields[1]), expiresAt: expiresAt, clientID: String(fields[3]))
        default:
            return nil
        }
    }
}
