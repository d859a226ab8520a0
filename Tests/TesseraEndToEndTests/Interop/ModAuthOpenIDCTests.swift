import TesseraTesting
import Foundation
import Testing
import TesseraJOSE

/// Apache's mod_auth_openidc (Debian's libapache2-mod-auth-openidc) as an OAuth 2.0 resource
/// server in front of a static file, pointed at Tessera over native TLS (the test CA trusted
/// through `OIDCCABundlePath`, server validation left on): local JWT verification from the JWKS
/// and remote introspection. Serialized: each test runs one Apache and one Tessera.
@Suite(.serialized, .requires(ApacheOIDC.available && TLSClients.installed,
                             "apache2 with mod_auth_openidc, and curl, are needed (scripts/test installs them)"))
struct ModAuthOpenIDCTests {
    static func requireTools() throws {
        try #require(ApacheOIDC.available, "apache2 or mod_auth_openidc is missing")
        try #require(TLSClients.curlAvailable, "curl is missing")
    }

    /// `OIDCOAuthVerifyJwksUri`: a Tessera token, and one forged with the server's own key that
    /// has not expired, pass; the same token with other claims, an expired one, or none at all
    /// are refused.
    @Test(arguments: [JWSAlgorithm.ES256, .RS256])
    func verifiesTokensLocallyFromTheJWKSOverHTTPS(algorithm: JWSAlgorithm) throws {
        try Self.requireTools()
        let server = try InteropSetup.start(algorithm: algorithm.rawValue)
        defer { server.stop() }
        let apache = try ApacheOIDC(oauth: ["OIDCOAuthVerifyJwksUri \(server.jwksURI)"], caBundle: server.certificates.caCertificate)
        defer { apache.stop() }

        let token = try server.token()
        #expect(try InteropToken.algorithm(token) == algorithm.rawValue)
        #expect(try apache.get(authorization: "Bearer \(token)") == 200, "\(apache.errorLog.suffix(2000))")
        #expect(try apache.get(authorization: nil) == 401)
        #expect(try apache.get(authorization: "Bearer \(InteropToken.withOtherClaims(token))") == 401)

        let now = Int64(Date().timeIntervalSince1970)
        let live = try server.forge(algorithm: algorithm, issuedAt: now - 60, expires: now + 600)
        #expect(try apache.get(authorization: "Bearer \(live)") == 200, "\(apache.errorLog.suffix(2000))")
        let expired = try server.forge(algorithm: algorithm, issuedAt: now - 1200, expires: now - 600)
        #expect(try apache.get(authorization: "Bearer \(expired)") == 401)
    }

    /// `OIDCOAuthIntrospectionEndpoint` with the introspect-enabled client `gw`
    /// (client_secret_basic): an active token passes, a revoked one (never presented before, so
    /// not in the module's cache) and a made-up one are refused. EdDSA tokens: introspection
    /// needs no algorithm support in the gateway.
    @Test func introspectsOverHTTPSAndRefusesARevokedToken() throws {
        try Self.requireTools()
        let server = try InteropSetup.start(algorithm: "EdDSA")
        defer { server.stop() }
        let apache = try ApacheOIDC(oauth: [
            "OIDCOAuthIntrospectionEndpoint https://127.0.0.1:\(server.port)/oauth/introspect",
            "OIDCOAuthIntrospectionEndpointAuth client_secret_basic",
            "OIDCOAuthClientID \(server.gateway.id)",
            "OIDCOAuthClientSecret \(server.gateway.secret)",
        ], caBundle: server.certificates.caCertificate)
        defer { apache.stop() }

        let token = try server.token()
        #expect(try apache.get(authorization: "Bearer \(token)") == 200, "\(apache.errorLog.suffix(2000))")
        let revoked = try server.token()
        #expect(revoked != token)
        #expect(try server.revoke(revoked).status == 200)
        #expect(try apache.get(authorization: "Bearer \(revoked)") == 401, "\(apache.errorLog.suffix(2000))")
        #expect(try apache.get(authorization: "Bearer not-a-token") == 401)
        #expect(try apache.get(authorization: nil) == 401)
    }
}

/// The parts of a compact JWT a test reads or changes.
enum InteropToken {
    static func algorithm(_ token: String) throws -> String {
        let header = try JSONSerialization.jsonObject(with: Data(segment(token, 0))) as? [String: Any]
        return header?["alg"] as? String ?? ""
    }

    /// The same header and signature over claims naming another scope: a valid signature that
    /// does not cover these claims.
    static func withOtherClaims(_ token: String) throws -> String {
        var parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let claims = String(decoding: try segment(token, 1), as: UTF8.self)
        let changed = claims.replacingOccurrences(of: #""scope":"read""#, with: #""scope":"write""#)
        guard changed != claims else { throw HarnessError.unexpected("no read scope in \(claims)") }
        parts[1] = Base64URL.encode(Array(changed.utf8))
        return parts.joined(separator: ".")
    }

    private static func segment(_ token: String, _ index: Int) throws -> [UInt8] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(String(parts[index])) else {
            throw HarnessError.malformedResponse("not a JWT: \(token)")
        }
        return bytes
    }
}
