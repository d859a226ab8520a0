import TesseraJOSE
import TesseraStore

extension AdminAPI {
    func listKeys() throws(AdminError) -> AdminResponse {
        .json(200, .object([("keys", .array(try operations.listKeys().map(Self.json)))]))
    }

    func rotateKeys(_ call: inout Call) throws(AdminError) -> (AdminResponse, JSONValue) {
        let made = try operations.rotateKey()
        call.target = made.keyID
        let key = try operations.listKeys().first { $0.keyID == made.keyID }
        let body: JSONValue = key.map(Self.json) ?? .object([("kid", .string(made.keyID))])
        return (.json(201, body), AuditChanges.of(made))
    }

    static func json(_ key: KeyListing) -> JSONValue {
        func time(_ seconds: Int64?) -> JSONValue { seconds.map { .string(AuditTime.text(millis: $0 * 1000)) } ?? .null }
        return .object([
            ("kid", .string(key.keyID)), ("algorithm", .string(key.algorithm.rawValue)), ("created", time(key.created)),
            ("activates", time(key.activates)), ("stops_signing", time(key.stopsSigning)),
            ("unpublished", time(key.unpublished)), ("state", .string(key.state.rawValue)),
        ])
    }

    /// `GET /admin/audit`: records newest first, filtered, with `next` the cursor of the page after.
    func queryAudit(_ request: AdminRequest) throws(AdminError) -> AdminResponse {
        var filter = AuditFilter(limit: try Self.pageSize(request))
        for (name, value) in request.query {
            switch name {
            case "since", "until":
                guard let millis = AuditTime.parse(value) else {
                    throw .invalidRequest("\(name): expected an RFC 3339 time (2026-12-07T07:00:00Z) or unix seconds")
                }
                if name == "since" { filter.sinceMillis = millis } else { filter.untilMillis = millis }
            case "actor": filter.actor = value
            case "target": filter.target = value
            case "action": filter.action = value
            case "after":
                guard let id = Int64(value), id > 0 else { throw .invalidRequest("after: expected a cursor from a previous page") }
                filter.before = id
            case "limit": break
            default: throw .invalidRequest("\(name): unknown parameter")
            }
        }
        var probe = filter
        probe.limit = filter.limit + 1
        let found = try audit.query(probe)
        let page = Array(found.prefix(filter.limit))
        let next: JSONValue = found.count > filter.limit ? .string(String(page.last!.id)) : .null
        return .json(200, .object([("records", .array(page.map(AuditTrail.json))), ("next", next)]))
    }
}
