import TesseraTesting
import Foundation
import TesseraJOSE

/// A `tessera serve` over HTTPS for the third-party interoperability tests: the test CA's server
/// certificate, `tokens.algorithm` chosen by the test, reuse off, and two clients: `gw` (may
/// introspect) and `app`.
struct InteropServer {
    let process: TesseraProcess
    let certificates: TestCertificates
    let gateway: TestClient
    let app: TestClient

    var port: UInt16 { process.port }
    var jwksURI: String { "https://127.0.0.1:\(port)/.well-known/jwks.json" }

    static func start(algorithm: String, clientCA: Bool = false) throws -> InteropServer {
        let certificates = try TestCertificates.get()
        let gateway = try TestClient.generated("gw", scopes: ["read"], audiences: ["api"])
        let app = try TestClient.generated("app", scopes: ["read"], audiences: ["api"])
        var tls = ["tls:", "  certificate: \(certificates.serverCertificate)", "  private_key: \(certificates.serverKey)"]
        if clientCA { tls.append("  client_ca: \(certificates.caCertificate)") }
        var clients: [String] = []
        for (client, introspect) in [(gateway, true), (app, false)] {
            clients += ["- id: \(ServerSetup.quoted(client.id))", "  secret_hash: \(ServerSetup.quoted(client.secretHash))",
                        "  scopes: [read]", "  audiences: [api]", "  introspect: \(introspect)"]
        }
        // `clients` as a section of its own: ServerSetup's client list has no `introspect`.
        let setup = ServerSetup(sections: ["server": tls, "tokens": ["algorithm: \(algorithm)", "reuse: false"], "clients": clients])
        let process = try TesseraProcess.start(setup)
        return InteropServer(process: process, certificates: certificates, gateway: gateway, app: app)
    }

    func stop() { process.stop() }

    func token(_ client: TestClient? = nil) throws -> String {
        try HTTPSClient.token(port: port, client: client ?? app, ca: certificates.caCertificate)
    }

    func revoke(_ token: String) throws -> HTTPSClient.Response {
        try HTTPSClient.post(port: port, path: "/oauth/revoke", form: [("token", token)], basic: app, ca: certificates.caCertificate)
    }

    func jwks() throws -> String {
        try HTTPSClient.request(jwksURI, ca: certificates.caCertificate).body
    }

    /// A token of this server's shape signed with its own newest key of `algorithm`, with the
    /// lifetime the test chooses (an expired one cannot be had from the server itself).
    func forge(algorithm: JWSAlgorithm, issuedAt: Int64, expires: Int64) throws -> String {
        let keys = try KeyDirectory.load(path: process.directory.file("keys").path, now: Int64(Date().timeIntervalSince1970))
        guard let key = keys.first(where: { $0.privateKey.algorithm.keyType == algorithm.keyType }) else {
            throw HarnessError.unexpected("no \(algorithm) key in the server's key directory")
        }
        let header = #"{"alg":"\#(algorithm.rawValue)","typ":"at+jwt","kid":"\#(key.keyID.value)"}"#
        let claims = #"{"iss":"\#(ServerSetup.issuer)","sub":"app","client_id":"app","aud":"api","scope":"read","iat":\#(issuedAt),"exp":\#(expires),"jti":"\#(UUID().uuidString)"}"#
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        var signature: [UInt8] = []
        try Array(input.utf8).withUnsafeBytes { bytes in try key.privateKey.sign(bytes, appendingTo: &signature) }
        return input + "." + Base64URL.encode(signature)
    }
}
