import Foundation

/// OAuth requests with a client certificate from Python's `ssl` + `http.client`: one connection
/// per request (a certificate is per connection). Each request is `[scheme, path, body, cert,
/// headers]`; `cert` is a path without `.pem`/`.key`, or "" for none. Prints one JSON object per
/// request: `{"status": ..., "headers": [[name, value], ...], "body": "..."}` or `{"error": ...}`,
/// read back as an `HTTPResponse`.
package enum MutualTLSClient {
    package static let script = #"""
import http.client, json, ssl, sys
port, ca, requests = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
for scheme, path, body, cert, headers in requests:
    try:
        if scheme == "https":
            context = ssl.create_default_context(cafile=ca)
            if cert:
                context.load_cert_chain(cert + ".pem", cert + ".key")
            connection = http.client.HTTPSConnection("localhost", port, context=context, timeout=10)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        all_headers = {"Content-Type": "application/x-www-form-urlencoded"}
        all_headers.update(headers)
        connection.request("GET" if body is None else "POST", path, body=body, headers=all_headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        print(json.dumps({"status": response.status, "headers": response.getheaders(), "body": text}))
        connection.close()
    except (ssl.SSLError, OSError) as error:
        print(json.dumps({"error": str(error)}))
"""#

    package struct Request {
        package var scheme = "https"
        package var path = "/oauth/token"
        package var body: String?
        package var certificate: String?
        package var headers: [String: String] = [:]

        package init(
            scheme: String = "https", path: String = "/oauth/token", body: String? = nil, certificate: String? = nil,
            headers: [String: String] = [:]
        ) {
            self.scheme = scheme
            self.path = path
            self.body = body
            self.certificate = certificate
            self.headers = headers
        }
    }

    package static func send(port: UInt16, ca: String, _ requests: [Request]) throws -> [HTTPResponse] {
        let list: [[Any]] = requests.map { [$0.scheme, $0.path, $0.body ?? NSNull(), $0.certificate ?? "", $0.headers] }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: list), as: UTF8.self)
        let outcome = try TesseraBinary.runProgram(TLSClients.python, ["-c", script, "\(port)", ca, json], timeout: 60)
        guard outcome.status == 0 else { throw HarnessError.startFailed("python client: \(outcome.stderr)") }
        let lines = outcome.stdout.split(separator: "\n")
        var responses: [HTTPResponse] = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            guard let status = object["status"] as? Int else {
                throw HarnessError.unexpected("request failed: \(object)")
            }
            let headers = (object["headers"] as? [[String]] ?? []).compactMap { $0.count == 2 ? (name: $0[0], value: $0[1]) : nil }
            responses.append(HTTPResponse(status: status, headers: headers, body: object["body"] as? String ?? ""))
        }
        guard responses.count == requests.count else { throw HarnessError.unexpected("\(responses.count) answers to \(requests.count) requests") }
        return responses
    }

    package static func send(port: UInt16, ca: String, _ request: Request) throws -> HTTPResponse {
        try send(port: port, ca: ca, [request])[0]
    }
}
