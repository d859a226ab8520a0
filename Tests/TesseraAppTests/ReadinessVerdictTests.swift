@testable import TesseraApp
import Testing

/// What /readyz decides from what the node knows (`ReadinessVerdict.judge`), without a server.
@Suite struct ReadinessVerdictTests {
    typealias Facts = ReadinessVerdict.Facts

    static func stores(redis: Bool?, postgres: Bool?) -> Facts {
        var facts = Facts()
        if let redis { facts.stores.append((.redis, redis)) }
        if let postgres {
            facts.stores.append((.postgres, postgres))
            facts.clientsFromStores = true
        }
        facts.staleIfError = .seconds(300)
        return facts
    }

    @Test func everyTierUpIsOk() {
        #expect(ReadinessVerdict.judge(Facts()) == ReadinessVerdict(status: .ok, reason: nil))
        #expect(ReadinessVerdict.judge(Self.stores(redis: true, postgres: true)).status == .ok)
    }

    /// One shared store down must not unready every node: the node still answers.
    @Test(arguments: [(false, true), (true, false), (false, false)])
    func aStoreDownWithinTheStaleWindowIsDegraded(redis: Bool, postgres: Bool) {
        var facts = Self.stores(redis: redis, postgres: postgres)
        if !redis && !postgres { facts.allStoresDown = .seconds(299) }
        let verdict = ReadinessVerdict.judge(facts)
        #expect(verdict.status == .degraded, "\(verdict)")
        #expect(verdict.reason?.contains(redis ? "postgres" : "redis") == true, "\(verdict)")
    }

    @Test func everyStoreDownPastTheStaleWindowIsUnavailable() {
        var facts = Self.stores(redis: false, postgres: false)
        facts.allStoresDown = .seconds(300)
        let verdict = ReadinessVerdict.judge(facts)
        #expect(verdict.status == .unavailable && verdict.reason?.contains("stale_if_error") == true, "\(verdict)")
        // stale_if_error 0: nothing cached is served once every store is down.
        facts.staleIfError = .zero
        facts.allStoresDown = .zero
        #expect(ReadinessVerdict.judge(facts).status == .unavailable)
    }

    /// Redis alone holds no clients (they are all static): its outage never stops the node.
    @Test func redisAloneDownForLongIsStillDegraded() {
        var facts = Self.stores(redis: false, postgres: nil)
        facts.allStoresDown = .seconds(3_600)
        #expect(ReadinessVerdict.judge(facts).status == .degraded)
    }

    @Test func whatStopsTheNodeIsNamedFirstThingFirst() {
        var facts = Self.stores(redis: false, postgres: true)
        facts.revocationsLoaded = false
        #expect(ReadinessVerdict.judge(facts).reason == "recorded revocations not yet loaded")
        facts.schemaBehind = true
        #expect(ReadinessVerdict.judge(facts).reason?.contains("run tessera migrate") == true)
        facts.draining = true
        let verdict = ReadinessVerdict.judge(facts)
        #expect(verdict.status == .unavailable && verdict.reason?.hasPrefix("draining") == true, "\(verdict)")
    }
}
