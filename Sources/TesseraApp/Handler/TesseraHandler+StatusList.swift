import TesseraHTTP
import TesseraJOSE

extension TesseraHandler {
    /// `GET /oauth/status/<list id>`: the prepared Status List Token; `GET /oauth/status`: the
    /// aggregation of the lists served. Without `status_list:` both are 404.
    func statusList(_ request: HTTPRequest, _ endpoint: Endpoint, _ response: inout HTTPResponseBuilder) -> HTTPHandlerResult {
        guard let lists = box.current.statusLists else {
            Self.notFound(&response)
            return .responded
        }
        if endpoint == .statusLists {
            response.addHeader("Content-Type", "application/json")
            response.addHeader("Cache-Control", text: lists.cacheControl)
            response.body.append(contentsOf: lists.aggregationJSON())
            return .responded
        }
        let id = String(decoding: UnsafeRawBufferPointer(rebasing: request.path[14...]), as: UTF8.self)
        switch lists.answer(listID: id) {
        case .token(let token):
            response.addHeader("Content-Type", "application/statuslist+jwt")
            response.addHeader("Cache-Control", text: lists.cacheControl)
            response.body.append(contentsOf: token)
        case .notFound:
            Self.notFound(&response)
        case .unavailable:
            response.status = 503
            response.addHeader("Content-Type", "application/json")
            response.addHeader("Retry-After", "1")
            response.setBody(#"{"error":"temporarily_unavailable","error_description":"the status list is not loaded yet"}"#)
        }
        return .responded
    }

    static func notFound(_ response: inout HTTPResponseBuilder) {
        response.status = 404
        response.addHeader("Content-Type", "application/json")
        response.setBody(#"{"error":"not_found"}"#)
    }
}
