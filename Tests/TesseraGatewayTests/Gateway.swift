import Foundation
import TesseraTesting
import TesseraJOSE

/// The calls a gateway makes, against a `TesseraServer`.
extension TesseraServer {
    /// A token for `client` from POST /oauth/token.
    func issueToken(_ client: String = "app") throws -> String {
        let response = try self.client.post("/oauth/token", form: [("grant_type", "client_credentials")], basic: (client, secret))
        guard response.status == 200, let token = try response.json()["access_token"] as? String else {
            throw HarnessError.unexpected("token request: \(response.status) \(response.text)")
        }
        return token
    }

    func introspect(_ token: String, as caller: String = "gw") throws -> RawHTTPClient.Response {
        try client.post("/oauth/introspect", form: [("token", token), ("token_type_hint", "access_token")], basic: (caller, secret))
    }

    func revoke(_ token: String, as caller: String = "app") throws -> RawHTTPClient.Response {
        try client.post("/oauth/revoke", form: [("token", token)], basic: (caller, secret))
    }

    /// The `kid`s of GET /.well-known/jwks.json.
    func publishedKeyIDs() throws -> [String] {
        let keys = try client.get("/.well-known/jwks.json").json()["keys"] as? [[String: Any]] ?? []
        return keys.compactMap { $0["kid"] as? String }
    }

    /// The value of one series of /metrics, 0 when absent.
    func metric(_ series: String) throws -> Int {
        let text = try client.get("/metrics").text
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

/// Header and claims of a compact JWT, for tests.
enum TokenView {
    static func segment(_ token: String, _ index: Int) throws -> [String: Any] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(String(parts[index])),
            let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { throw HarnessError.unexpected("not a JWT: \(token)") }
        return object
    }

    static func keyID(_ token: String) throws -> String { try segment(token, 0)["kid"] as? String ?? "" }
    static func claims(_ token: String) throws -> [String: Any] { try segment(token, 1) }
}

/// Compact JWTs built from raw header and claims JSON, signed however a test needs.
enum TokenForge {
    static func token(header: String, claims: String, sign: (UnsafeRawBufferPointer) -> [UInt8]) -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        let signature = Array(input.utf8).withUnsafeBytes { sign($0) }
        return input + "." + Base64URL.encode(signature)
    }

    static func ed25519(_ key: Ed25519PrivateKey) -> (UnsafeRawBufferPointer) -> [UInt8] {
        { input in
            var out: [UInt8] = []
            try! key.sign(input, appendingTo: &out)
            return out
        }
    }

    static func hs256(_ secret: [UInt8]) -> (UnsafeRawBufferPointer) -> [UInt8] {
        { input in
            var out: [UInt8] = []
            try! HS256Key(secret: secret).sign(input, appendingTo: &out)
            return out
        }
    }

    static func header(alg: String = "EdDSA", kid: String) -> String {
        #"{"alg":"\#(alg)","typ":"at+jwt","kid":"\#(kid)"}"#
    }

    static func claims(iss: String = TesseraServer.issuer, client: String = "app", iat: Int64, exp: Int64, jti: String = UUID().uuidString) -> String {
        #"{"iss":"\#(iss)","sub":"\#(client)","client_id":"\#(client)","aud":"api","scope":"read","iat":\#(iat),"exp":\#(exp),"jti":"\#(jti)"}"#
    }
}

func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }

/// Polls `condition` every 100 ms until it holds or `seconds` pass.
func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
        if try condition() { return true }
        usleep(100_000)
    } while Date() < deadline
    return try condition()
}
