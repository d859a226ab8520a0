import Foundation

/// A compact JWS's header and claims with the accessors the truth tests compare (decoded by
/// `DecodedJWT`; no signature check: the node's own introspection is what the contract's rules
/// are stated against).
package struct JWTClaims: CustomStringConvertible {
    package let token: String
    package let header: [String: Any]
    package let claims: [String: Any]

    package init(_ token: String) throws {
        self.token = token
        let decoded = try DecodedJWT(token)
        header = decoded.header
        claims = decoded.claims
    }

    package var alg: String { header["alg"] as? String ?? "" }
    package var kid: String { header["kid"] as? String ?? "" }
    package var jti: String { claims["jti"] as? String ?? "" }
    package var clientID: String { claims["client_id"] as? String ?? "" }
    package var iat: Int { (claims["iat"] as? NSNumber)?.intValue ?? 0 }
    package var exp: Int { (claims["exp"] as? NSNumber)?.intValue ?? 0 }
    /// The granted scopes, as a sorted list.
    package var scopes: [String] { ((claims["scope"] as? String) ?? "").split(separator: " ").map(String.init).sorted() }
    /// `aud` as a sorted list, whether it is a string or an array.
    package var audiences: [String] {
        if let one = claims["aud"] as? String { return [one] }
        return ((claims["aud"] as? [String]) ?? []).sorted()
    }

    package var description: String { "alg=\(alg) kid=\(kid.prefix(10)) client_id=\(clientID) scope=\(scopes) aud=\(audiences) jti=\(jti.prefix(12)) iat=\(iat)" }
}
