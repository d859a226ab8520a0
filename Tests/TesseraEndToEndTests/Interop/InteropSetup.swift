import TesseraTesting
import Foundation
import TesseraJOSE

/// The `tessera serve` of the third-party interoperability tests, started as TesseraTesting's
/// `TesseraProcess`: HTTPS with the test CA's server certificate, `tokens.algorithm` chosen by
/// the test, reuse off, and two clients: `gw` (may introspect) and `app`.
enum InteropSetup {
    static func start(algorithm: String, clientCA: Bool = false) throws -> TesseraProcess {
        let certificates = try TestCertificates.get()
        var gateway = try TestClient.generated("gw", scopes: ["read"], audiences: ["api"])
        gateway.introspect = true
        let app = try TestClient.generated("app", scopes: ["read"], audiences: ["api"])
        var tls = ["tls:", "  certificate: \(certificates.serverCertificate)", "  private_key: \(certificates.serverKey)"]
        if clientCA { tls.append("  client_ca: \(certificates.caCertificate)") }
        let sections = ["server": tls, "tokens": ["algorithm: \(algorithm)", "reuse: false"]]
        return try TesseraProcess.start(ServerSetup(sections: sections, clients: [gateway, app]))
    }
}

extension TesseraProcess {
    var gateway: TestClient { setup.client("gw") }
    var app: TestClient { setup.client("app") }
    var certificates: TestCertificates { get throws { try TestCertificates.get() } }
    var jwksURI: String { "https://127.0.0.1:\(port)/.well-known/jwks.json" }

    func token(_ client: TestClient? = nil) throws -> String {
        try HTTPSClient.token(port: port, client: client ?? app, ca: try certificates.caCertificate)
    }

    func revoke(_ token: String) throws -> HTTPResponse {
        try HTTPSClient.post(port: port, path: "/oauth/revoke", form: [("token", token)], basic: app, ca: try certificates.caCertificate)
    }

    /// The body of GET /.well-known/jwks.json over HTTPS.
    func jwksDocument() throws -> String {
        try HTTPSClient.request(jwksURI, ca: try certificates.caCertificate).body
    }

    /// A token of this server's shape signed with its own newest key of `algorithm`, with the
    /// lifetime the test chooses (an expired one cannot be had from the server itself).
    func forge(algorithm: JWSAlgorithm, issuedAt: Int64, expires: Int64) throws -> String {
        let keys = try KeyDirectory.load(path: directory.file("keys").path, now: Int64(Date().timeIntervalSince1970))
        guard let key = keys.first(where: { $0.privateKey.algorithm.keyType == algorithm.keyType }) else {
            throw HarnessError.unexpected("no \(algorithm) key in the server's key directory")
        }
        let header = #"{"alg":"\#(algorithm.rawValue)","typ":"at+jwt","kid":"\#(key.keyID.value)"}"#
        let claims = #"{"iss":"\#(ServerSetup.issuer)","sub":"app","client_id":"app","aud":"api","scope":"read","iat":\#(issuedAt),"exp":\#(expires),"jti":"\#(UUID().uuidString)"}"#
        return try TokenForge.token(header: header, claims: claims) { input in
            var signature: [UInt8] = []
            try key.privateKey.sign(input, appendingTo: &signature)
            return signature
        }
    }
}
