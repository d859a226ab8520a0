import TesseraCore
import TesseraHTTP
import TesseraJOSE

extension TesseraHandler {
    /// `GET /oauth/status/<list id>`: the prepared Status List Token; `GET /oauth/status`: the
    /// aggregation of the lists served. Without `status_list:` both are 404.
    func statusList(_ request: HTTPRequest, _ endpoint: Endpoint, _ response: inout HTTPResponseBuilder, started: UInt64) -> HTTPHandlerResult {
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
        let answer = lists.answer(listID: id)
        guard Self.waitsForARead(answer, id, lists), let deferral = request.deferResponse() else {
            Self.write(answer, lists, &response)
            return .responded
        }
        // A token issued by another node may name a list that node opened after this node last
        // read the log (at most 250 ms ago), a list just opened here is signed at the next read,
        // and a node that just loaded the revocations is ready at the next read: read (and sign)
        // once more, off the I/O thread, before a 404 or a 503.
        let observed = lists.readsCompleted
        let record = RequestTelemetry.detach(request)
        let metrics = self.metrics
        let telemetry = self.telemetry
        backend.async {
            lists.catchUp(since: observed)
            let answer = lists.answer(listID: id)
            deferral.complete { writer in
                record?.addHeader(to: &writer)
                let written = RequestTelemetry.writing(record) { Self.write(answer, lists, &writer) }
                let ended = MonotonicClock.now()
                metrics.recordRequest(endpoint, status: writer.status, nanos: Int(ended &- started))
                if let written { telemetry.finish(written, endpoint: endpoint, writer, ended: ended) }
            }
        }
        return .deferred
    }

    static func waitsForARead(_ answer: StatusLists.Answer, _ id: String, _ lists: StatusLists) -> Bool {
        switch answer {
        case .notFound: lists.isWellFormed(listID: id)
        // Not loaded: the next read may load it (the revocations were loaded since the last).
        case .unsigned, .unavailable: true
        case .token: false
        }
    }

    static func write(_ answer: StatusLists.Answer, _ lists: StatusLists, _ response: inout HTTPResponseBuilder) {
        switch answer {
        case .token(let token):
            response.addHeader("Content-Type", "application/statuslist+jwt")
            response.addHeader("Cache-Control", text: lists.cacheControl)
            response.body.append(contentsOf: token)
        case .notFound:
            notFound(&response)
        case .unavailable, .unsigned:
            response.status = 503
            response.addHeader("Content-Type", "application/json")
            response.addHeader("Retry-After", "1")
            response.setBody(#"{"error":"temporarily_unavailable","error_description":"the status list is not loaded yet"}"#)
            RequestTelemetry.note(RequestOutcome(error: "temporarily_unavailable"))
        }
    }

    static func notFound(_ response: inout HTTPResponseBuilder) {
        response.status = 404
        response.addHeader("Content-Type", "application/json")
        response.setBody(#"{"error":"not_found"}"#)
        RequestTelemetry.note(RequestOutcome(error: "not_found"))
    }
}
