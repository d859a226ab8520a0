import TesseraJOSE
import TesseraOAuth

/// Who is calling the admin API: the client an admin token was issued to, and whether it may write.
struct AdminPrincipal: Sendable {
    static let writeScope = "tessera:admin"
    static let readScope = "tessera:admin:read"

    var clientID: String
    var canWrite: Bool

    /// Checks `Authorization: Bearer <token>` as introspection checks a token (signature against
    /// the keys in force, issuer, `exp`, revocation and client cuts), then the admin audience and
    /// scopes. `actor` is set to the token's client once it verified, so a refusal names it.
    static func authenticate(_ authorization: String?, method: HTTPMethodKind, state: AppState, audience: String,
                             actor: inout String) throws(AdminError) -> AdminPrincipal {
        guard let authorization else { throw .unauthorized(presented: false, "an admin token is required (Authorization: Bearer)") }
        let bytes = Array(authorization.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 | 0x20 || $0 == $1 }) else {
            throw .unauthorized(presented: false, "the Authorization scheme must be Bearer")
        }
        let token = Array(bytes[scheme.count...].drop { $0 == 0x20 })
        guard state.introspection.revocations.isLoaded else {
            throw .unavailable("the recorded revocations are not loaded yet")
        }
        var timing: StepTimings? = nil
        let inspection = state.introspection.inspect(token, now: TesseraHandler.unixNow(), timing: &timing)
        guard inspection.result == .active, let record = inspection.record else {
            throw .unauthorized(presented: true, "the token is not active")
        }
        actor = record.clientID
        guard record.audiences.contains(where: { $0.utf8.elementsEqual(audience.utf8) }) else {
            throw .unauthorized(presented: true, "the token's audience does not hold \(audience)")
        }
        let scopes = record.scope.split(separator: " ")
        let canWrite = scopes.contains { $0.utf8.elementsEqual(writeScope.utf8) }
        let canRead = canWrite || scopes.contains { $0.utf8.elementsEqual(readScope.utf8) }
        guard canRead else { throw .insufficientScope("the token needs scope \(writeScope) or \(readScope)") }
        guard canWrite || method == .read else { throw .insufficientScope("this request needs scope \(writeScope)") }
        return AdminPrincipal(clientID: record.clientID, canWrite: canWrite)
    }

    enum HTTPMethodKind { case read, write }
}
