import Synchronization
import TesseraHTTP
import TesseraCore
import TesseraOAuth
import TesseraStore

/// /readyz: 200 `ok` or `degraded` while the node can answer token requests, 503 `unavailable`
/// with a reason when it cannot (`ReadinessVerdict`); the body names each configured tier. The
/// store states come from the store prober (never a network call on the I/O thread).
final class Readiness: Sendable {
    let tiers: StoreTiers?
    /// Not ready until the recorded revocations are loaded (contract rule 2).
    let revocations: RevocationList?
    /// Set by SIGTERM: load balancers stop sending here while requests are still served.
    private let draining = Atomic<Bool>(false)

    init(tiers: StoreTiers? = nil, revocations: RevocationList? = nil) {
        self.tiers = tiers
        self.revocations = revocations
    }

    func beginDrain() { draining.store(true, ordering: .relaxed) }

    var verdict: ReadinessVerdict {
        var facts = ReadinessVerdict.Facts()
        facts.draining = draining.load(ordering: .relaxed)
        facts.revocationsLoaded = revocations?.isLoaded ?? true
        if let tiers {
            facts.schemaBehind = tiers.schema.isBehind
            facts.stores = tiers.tierStates.filter { $0.tier != .local }
            facts.clientsFromStores = tiers.database != nil
            facts.allStoresDown = tiers.allStoresDownSince.map { MonotonicInstant.now().duration(since: $0) }
            facts.staleIfError = tiers.staleIfError
        }
        return ReadinessVerdict.judge(facts)
    }

    func write(into response: inout HTTPResponseBuilder) {
        response.addHeader("Content-Type", "application/json")
        response.addHeader("Cache-Control", "no-store")
        let verdict = self.verdict
        response.status = verdict.status == .unavailable ? 503 : 200
        var body = #"{"status":""# + verdict.status.rawValue + "\""
        // The reasons are fixed ASCII texts (ReadinessVerdict): nothing to escape.
        if let reason = verdict.reason { body += #","reason":""# + reason + "\"" }
        body += #","tiers":{"#
        let states = tiers?.tierStates ?? [(.local, true)]
        for (index, state) in states.enumerated() {
            if index > 0 { body += "," }
            body += "\"\(state.tier.name)\":\"\(state.up ? "ok" : "down")\""
        }
        body += "}}"
        response.body.append(contentsOf: body.utf8)
    }
}
