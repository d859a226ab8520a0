import TesseraHTTP
import TesseraStore
import TesseraOAuth

/// /readyz: 200 while every configured tier answers, else 503; the body names each configured
/// tier. The states come from the store prober (never a network call on the I/O thread).
final class Readiness: Sendable {
    let tiers: StoreTiers?
    /// Not ready until the recorded revocations are loaded (contract rule 2).
    let revocations: RevocationList?

    init(tiers: StoreTiers? = nil, revocations: RevocationList? = nil) {
        self.tiers = tiers
        self.revocations = revocations
    }

    func write(into response: inout HTTPResponseBuilder) {
        response.addHeader("Content-Type", "application/json")
        response.addHeader("Cache-Control", "no-store")
        let states = tiers?.tierStates ?? [(.local, true)]
        let ready = states.allSatisfy(\.up) && (revocations?.isLoaded ?? true)
        response.status = ready ? 200 : 503
        var body = #"{"status":""# + (ready ? "ok" : "unavailable") + #"","tiers":{"#
        for (index, state) in states.enumerated() {
            if index > 0 { body += "," }
            body += "\"\(state.tier.name)\":\"\(state.up ? "ok" : "down")\""
        }
        body += "}}"
        response.body.append(contentsOf: body.utf8)
    }
}
