import TesseraTesting
import Foundation

/// HTTPS requests to a test server through `curl` (the TLS client the TLS tests already use):
/// the server's CA trusted, an optional client certificate presented. The answer is an
/// `HTTPResponse` with status and body (curl is not asked for the header list).
enum HTTPSClient {
    /// `curl` to `url` with `arguments` (method, headers, body); the status is the last line.
    static func request(_ url: String, ca: String? = nil, _ arguments: [String] = []) throws -> HTTPResponse {
        var curl = ["-sS", "--max-time", "10", "-w", "\n%{http_code}"]
        if let ca { curl += ["--cacert", ca] }
        let outcome = try TesseraBinary.runProgram(TLSClients.curl, curl + arguments + [url], timeout: 30)
        guard outcome.status == 0, let newline = outcome.stdout.lastIndex(of: "\n"),
            let status = Int(outcome.stdout[outcome.stdout.index(after: newline)...])
        else { throw HarnessError.unexpected("curl \(url): status \(outcome.status), \(outcome.stderr)") }
        return HTTPResponse(status: status, body: String(outcome.stdout[..<newline]))
    }

    /// POSTs a form with client_secret_basic (curl sends `-u` credentials unencoded; Tessera's
    /// generated secrets need no encoding).
    static func post(port: UInt16, path: String, form: [(String, String)], basic: TestClient, ca: String) throws -> HTTPResponse {
        var arguments = ["-u", "\(basic.id):\(basic.secret)"]
        for (name, value) in form { arguments += ["--data-urlencode", "\(name)=\(value)"] }
        return try request("https://127.0.0.1:\(port)\(path)", ca: ca, arguments)
    }

    /// A token for `client` from a TLS server, or a harness error naming the answer.
    static func token(port: UInt16, client: TestClient, ca: String) throws -> String {
        let response = try post(port: port, path: "/oauth/token", form: [("grant_type", "client_credentials")], basic: client, ca: ca)
        guard response.status == 200, let token = response.accessToken else {
            throw HarnessError.unexpected("token request: \(response.status) \(response.body)")
        }
        return token
    }
}
