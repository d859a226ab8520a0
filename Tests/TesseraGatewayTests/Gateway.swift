import Foundation
import TesseraTesting
import TesseraJOSE

/// The calls a gateway makes, against a `TesseraProcess`.
extension TesseraProcess {
    /// A token for `client` from POST /oauth/token.
    func issueToken(_ client: String = "app") throws -> String {
        let response = try self.client.post("/oauth/token", form: [("grant_type", "client_credentials")], basic: (client, secret))
        guard response.status == 200, let token = response.json["access_token"] as? String else {
            throw HarnessError.unexpected("token request: \(response.status) \(response.body)")
        }
        return token
    }

    func introspect(_ token: String, as caller: String = "gw") throws -> HTTPResponse {
        try client.post("/oauth/introspect", form: [("token", token), ("token_type_hint", "access_token")], basic: (caller, secret))
    }

    func revoke(_ token: String, as caller: String = "app") throws -> HTTPResponse {
        try client.post("/oauth/revoke", form: [("token", token)], basic: (caller, secret))
    }

    /// The value of one series of /metrics, 0 when absent.
    func metric(_ series: String) throws -> Int {
        let text = try client.get("/metrics").body
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Int(line.dropFirst(series.count + 1)) ?? 0
        }
        return 0
    }

    /// The server's signing keys, read from its key directory, newest first.
    func signingKeys() throws -> [LoadedKey] {
        try KeyDirectory.load(path: keysDirectory, now: Int64(Date().timeIntervalSince1970))
    }
}

/// Header and claims of a compact JWT, for tests (TesseraTesting's `DecodedJWT`).
enum TokenView {
    /// Part `index` (0 header, 1 claims) as a JSON object.
    static func segment(_ token: String, _ index: Int) throws -> [String: Any] {
        let decoded = try DecodedJWT(token)
        return index == 0 ? decoded.header : decoded.claims
    }

    static func keyID(_ token: String) throws -> String { try DecodedJWT(token).header["kid"] as? String ?? "" }
    static func claims(_ token: String) throws -> [String: Any] { try DecodedJWT(token).claims }
}

/// The claims of a gateway test token (TesseraTesting's `TokenForge` builds and signs it).
extension TokenForge {
    static func claims(iss: String = GatewaySetup.issuer, client: String = "app", iat: Int64, exp: Int64, jti: String = UUID().uuidString) -> String {
        #"{"iss":"\#(iss)","sub":"\#(client)","client_id":"\#(client)","aud":"api","scope":"read","iat":\#(iat),"exp":\#(exp),"jti":"\#(jti)"}"#
    }
}

func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }

