import TesseraTesting
import Foundation
import Testing

/// Authlib's requests-based OAuth2Session fetching a token over HTTPS while presenting a client
/// certificate (`session.cert`), against a server with `server.tls.client_ca` (the handshake asks
/// for a certificate and lets any through): client_secret_basic still authenticates, for a
/// CA-signed and a self-signed certificate and without one. The mutual-TLS client methods
/// (tls_client_auth, self_signed_tls_client_auth) and certificate-bound tokens extend this once
/// they are on main. scripts/test installs Authlib and requests; without them the suite skips
/// locally and fails under TESSERA_REQUIRE_SERVICES=1.
@Suite(.requires(AuthlibClient.isInstalled, "python3 with Authlib and requests is needed (scripts/test installs them)"))
struct ClientCertificateTokenTests {
    @Test(arguments: ["client", "self", nil])
    func authlibGetsATokenOverHTTPSPresentingACertificate(certificate: String?) throws {
        try #require(AuthlibClient.isInstalled, "Authlib or requests is missing from \(PyJWT.python)")
        let server = try InteropSetup.start(algorithm: "ES256", clientCA: true)
        defer { server.stop() }
        let response = try AuthlibClient.fetchToken(server: server, certificate: try certificate.map { try server.certificates.path($0) })
        let token = try #require(response["access_token"] as? String, "\(response)")
        #expect(response["token_type"] as? String == "Bearer")
        #expect(response["scope"] as? String == "read")
        let introspection = try HTTPSClient.post(port: server.port, path: "/oauth/introspect", form: [("token", token)],
                                                 basic: server.gateway, ca: server.certificates.caCertificate)
        #expect(introspection.json["active"] as? Bool == true, "\(introspection.body)")
    }
}

enum AuthlibClient {
    static let isInstalled: Bool = {
        guard FileManager.default.isExecutableFile(atPath: PyJWT.python) else { return false }
        let probe = "import requests, authlib.integrations.requests_client"
        return (try? TesseraBinary.runProgram(PyJWT.python, ["-c", probe], timeout: 30))?.status == 0
    }()


    /// Authlib unmodified: OAuth2Session's default client_secret_basic, the test CA as `verify`,
    /// the certificate and key as the session's `cert` (requests').
    static let script = #"""
import json, sys
from authlib.integrations.requests_client import OAuth2Session
data = json.load(sys.stdin)
session = OAuth2Session(data["client_id"], data["client_secret"], scope="read")
if data.get("certificate"):
    session.cert = (data["certificate"] + ".pem", data["certificate"] + ".key")
# verify per request: requests lets REQUESTS_CA_BUNDLE override a session's `verify`.
token = session.fetch_token(data["token_endpoint"], grant_type="client_credentials", timeout=10, verify=data["ca"])
print(json.dumps(token))
"""#

    static func fetchToken(server: TesseraProcess, certificate: String?) throws -> [String: Any] {
        var input: [String: Any] = ["client_id": server.app.id, "client_secret": server.app.secret, "ca": try server.certificates.caCertificate,
                                    "token_endpoint": "https://127.0.0.1:\(server.port)/oauth/token"]
        if let certificate { input["certificate"] = certificate }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
        let outcome = try TesseraBinary.runProgram(PyJWT.python, ["-c", script], stdin: json, timeout: 30)
        guard outcome.status == 0, let object = try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any] else {
            throw HarnessError.unexpected("authlib: status \(outcome.status): \(outcome.stderr.suffix(1500))")
        }
        return object
    }
}
