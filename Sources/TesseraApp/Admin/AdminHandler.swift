import TesseraHTTP

/// The admin listener's handler: copies each request off the connection's buffer and answers it
/// on a backend thread (every admin call may touch PostgreSQL, the audit store or the key
/// directory), never on the I/O thread.
final class AdminHandler: HTTPHandler {
    let api: AdminAPI
    let backend = BackendExecutor(maximum: 8)

    init(api: AdminAPI) {
        self.api = api
    }

    func handle(_ request: HTTPRequest, _ response: inout HTTPResponseBuilder) -> HTTPHandlerResult {
        let admin = AdminRequest(request)
        let path = String(decoding: request.path, as: UTF8.self)
        guard let deferral = request.deferResponse() else {
            api.respond(admin, rawPath: path).write(requestID: admin.requestID, into: &response)
            return .responded
        }
        backend.async { [api] in
            let answer = api.respond(admin, rawPath: path)
            deferral.complete { answer.write(requestID: admin.requestID, into: &$0) }
        }
        return .deferred
    }
}
