import TesseraHTTP

/// /readyz: 200 while every configured tier answers, else 503; the body names each configured
/// tier. The states come from the store prober (never a network call on the I/O thread).
final class Readiness: Sendable {
    let tiers: StoreTiers?

    init(tiers: StoreTiers? = nil) {
        self.tiers = tiers
    }

    func write(into response: inout HTTPResponseWriter) {
        response.addHeader("Content-Type", "application/json")
        response.addHeader("Cache-Control", "no-store")
        let states = tiers?.tierStates ?? [("local", true)]
        let ready = states.allSatisfy(\.up)
        response.status = ready ? 200 : 503
        var body = #"{"status":""# + (ready ? "ok" : "unavailable") + #"","tiers":{"#
        for (index, state) in states.enumerated() {
            if index > 0 { body += "," }
            body += "\"\(state.name)\":\"\(state.up ? "ok" : "down")\""
        }
        body += "}}"
        response.body.append(contentsOf: body.utf8)
    }
}
