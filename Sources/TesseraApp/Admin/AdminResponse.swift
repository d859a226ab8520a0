import TesseraHTTP
import TesseraJOSE

/// An admin answer before it is written: status, the few headers the API sets, and a JSON body.
struct AdminResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// Not JSON (`/metrics`).
    var contentType = "application/json"

    static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> AdminResponse {
        var body: [UInt8] = []
        value.appendJSON(to: &body)
        return AdminResponse(status: status, headers: headers, body: body)
    }

    static func noContent() -> AdminResponse { AdminResponse(status: 204) }

    static func error(_ error: AdminError) -> AdminResponse {
        var headers: [(String, String)] = []
        switch error {
        case .unauthorized(let presented, _):
            headers.append(("WWW-Authenticate", presented ? #"Bearer realm="tessera-admin", error="invalid_token""# : #"Bearer realm="tessera-admin""#))
        case .insufficientScope:
            headers.append(("WWW-Authenticate", #"Bearer realm="tessera-admin", error="insufficient_scope""#))
        case .methodNotAllowed(let allow):
            headers.append(("Allow", allow))
        default: break
        }
        return json(error.status, .object([("error", .string(error.code)), ("error_description", .string(error.description))]),
                    headers: headers)
    }

    func write(requestID: String, into response: inout HTTPResponseBuilder) {
        response.status = status
        if status != 204 { response.addHeader("Content-Type", text: contentType) }
        response.addHeaderLines("Cache-Control: no-store\r\n")
        response.addHeader("X-Request-Id", text: requestID)
        for (name, value) in headers { response.headers.append(contentsOf: "\(name): \(value)\r\n".utf8) }
        response.body.append(contentsOf: body)
    }
}
