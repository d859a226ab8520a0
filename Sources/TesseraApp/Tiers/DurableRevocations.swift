import TesseraCore
import Glibc
import Synchronization
import TesseraConfig
import TesseraOAuth
import TesseraStore

/// Where this node records revocations and per-client cuts before answering, and reads them back
/// (contract rule 2): PostgreSQL when configured, else Redis (each until the token's `exp`), else
/// the journal under `state.directory`. With a store, the list starts unloaded and a loader thread
/// retries with backoff until the store answers; introspection and /readyz wait for it. After an
/// outage of the invalidation channel, messages may have been missed: the list is loaded again.
final class DurableRevocations: RevocationRecording, Sendable {
    private enum Backend: Sendable {
        case postgres(PostgresPool)
        case redis(RedisPool)
        case journal(RevocationJournal)
    }

    private let backend: Backend
    let list: RevocationList
    /// How long a cut matters after it is made: every token issued before it has expired by then.
    private let cutLifetime: Int64
    private let loading = Atomic<Bool>(false)
    private let running = Atomic<Bool>(true)
    /// Cuts that could not be recorded (the store was down), retried until they are.
    private let pendingCuts = Locked<[(clientID: String, notBefore: Int64, expiresAt: Int64)]>([])
    private let upkeepCondition = Locked<(@Sendable () -> Bool)?>(nil)
    /// With a store: the state journal keeps cuts the store could not take, so a restart before
    /// the store is back does not forget them (opened only when needed, or found at start).
    private let fallback = Locked<RevocationJournal?>(nil)
    private let stateDirectory: String
    private let publisher: TierRevocationPublisher?

    /// Opens the journal in embedded mode (and applies what it holds to `list` at once).
    init(config: Config, tiers: StoreTiers, list: RevocationList) throws(ServiceError) {
        self.list = list
        stateDirectory = config.state.directory
        publisher = tiers.revocationPublisher
        cutLifetime = config.tokens.longestLifetimeSeconds + 60
        if let database = tiers.database {
            backend = .postgres(database)
            recoverFallbackCuts()
        } else if let redis = tiers.redis {
            backend = .redis(redis)
            recoverFallbackCuts()
        } else {
            let opened: (RevocationJournal, RevocationJournal.Contents)
            do {
                opened = try RevocationJournal.open(directory: config.state.directory)
            } catch {
                throw .runtime("cannot open the revocation journal in \(config.state.directory) (state.directory): \(error)")
            }
            let (journal, contents) = opened
            for problem in contents.skipped {
                Log.warning("revocation journal: skipped a damaged record", [("file", journal.path), ("where", problem)])
            }
            Self.apply(contents.records, to: list, now: Int64(time(nil)))
            list.setLoaded(true)
            backend = .journal(journal)
        }
    }

    var needsLoading: Bool {
        if case .journal = backend { return false }
        return true
    }

    func record(_ revocation: Revocation, now: Int64) throws {
        switch backend {
        case .postgres(let pool):
            try pool.withConnection { connection throws(StoreError) in
                try PostgresRevocationTable().insert(
                    jwtID: revocation.jwtID, clientID: revocation.clientID, expiresAt: revocation.expiresAt, on: connection)
            }
        case .redis(let pool):
            try RedisRevocationTable(pool: pool).insert(
                jwtID: revocation.jwtID, clientID: revocation.clientID, expiresAt: revocation.expiresAt, now: now)
        case .journal(let journal):
            try journal.append(.revocation(jwtID: revocation.jwtID, clientID: revocation.clientID, expiresAt: revocation.expiresAt))
        }
    }

    /// Cuts every token of `clientID` issued up to now, here at once and durably (blocking).
    /// Returns the cut in force (see `RevocationList.cutNow`; the store's when it holds a later one).
    @discardableResult
    func cut(clientID: String, now: Int64) throws -> Int64 {
        let notBefore = list.cutNow(clientID: clientID, now: now)
        let expiresAt = notBefore + cutLifetime
        do {
            // The store may hold a later cut (another node's, a command's): that one is in force.
            let recorded = try record(cut: clientID, notBefore: notBefore, expiresAt: expiresAt)
            list.cut(clientID: clientID, notBefore: recorded)
            return recorded
        } catch {
            pendingCuts.withLock { $0.append((clientID, notBefore, expiresAt)) }
            keepInFallback(.cut(clientID: clientID, notBefore: notBefore, expiresAt: expiresAt))
            throw error
        }
    }

    /// Store modes: cuts left in the state journal by an earlier run are applied and recorded.
    private func recoverFallbackCuts() {
        let path = stateDirectory + "/revocations.log"
        guard access(path, F_OK) == 0, let (journal, contents) = try? RevocationJournal.open(directory: stateDirectory) else {
            return
        }
        fallback.withLock { $0 = journal }
        for case .cut(let clientID, let notBefore, let expiresAt) in contents.records {
            list.cut(clientID: clientID, notBefore: notBefore)
            pendingCuts.withLock { $0.append((clientID, notBefore, expiresAt)) }
        }
    }

    private func keepInFallback(_ record: RevocationJournal.Record) {
        if case .journal = backend { return }
        let journal: RevocationJournal? = fallback.withLock { journal in
            if journal == nil { journal = try? RevocationJournal.open(directory: stateDirectory).0 }
            return journal
        }
        do {
            try journal?.append(record)
        } catch {
            Log.warning("a cut the store could not take is not kept locally either", [("reason", "\(error)")])
        }
    }

    /// Records a cut this node decided, as decided: the store keeps the later of it and what it
    /// holds (never one past it: the same cut recorded again by a retry, a restart that recovers
    /// it from the journal, or another node removing the same client, must not move it past
    /// tokens issued since). Returns the cut the store holds.
    private func record(cut clientID: String, notBefore: Int64, expiresAt: Int64) throws -> Int64 {
        switch backend {
        case .postgres(let pool):
            return try pool.withConnection { connection throws(StoreError) in
                try ClientCut.record(clientID: clientID, notBefore: notBefore, expiresAt: expiresAt, mode: .keepLater, on: connection)
            }
        case .redis(let pool):
            return try ClientCut.record(
                clientID: clientID, notBefore: notBefore, expiresAt: expiresAt, mode: .keepLater, redis: pool, now: Int64(time(nil)))
        case .journal(let journal):
            try journal.append(.cut(clientID: clientID, notBefore: notBefore, expiresAt: expiresAt))
            return notBefore
        }
    }

    /// Background upkeep while the service runs, every 500 ms: cuts not yet recorded are
    /// retried; and while `unsubscribed()` (no invalidation channel, or it is down) the revocations
    /// and cuts other nodes recorded in PostgreSQL are read again, so a change Redis cannot carry
    /// is still applied within a second.
    func startUpkeep(unsubscribed: @escaping @Sendable () -> Bool) {
        upkeepCondition.withLock { $0 = unsubscribed }
        BackgroundThread.detached { self.upkeep() }
    }

    private func upkeep() {
        let unsubscribed = upkeepCondition.withLock { $0 } ?? { true }
        while running.load(ordering: .acquiring) {
            usleep(500_000)
            let pending = pendingCuts.withLock { cuts in
                defer { cuts.removeAll() }
                return cuts
            }
            for cut in pending {
                do {
                    let recorded = try record(cut: cut.clientID, notBefore: cut.notBefore, expiresAt: cut.expiresAt)
                    list.cut(clientID: cut.clientID, notBefore: recorded)
                    // Nodes that loaded the revocations before this record learn it now.
                    publisher?.publishCut(clientID: cut.clientID, notBefore: recorded)
                    Log.info("client cut recorded after a retry", [("client_id", cut.clientID)])
                } catch {
                    pendingCuts.withLock { $0.append(cut) }
                }
            }
            if case .postgres = backend, list.isLoaded, unsubscribed() {
                _ = try? loadOnce()
            }
        }
    }

    /// Starts (or restarts) reading the recorded revocations back, retrying until it succeeds.
    func startLoading() {
        guard needsLoading, running.load(ordering: .acquiring) else { return }
        list.setLoaded(false)
        guard loading.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        BackgroundThread.detached { self.loadUntilDone() }
    }

    func stop() {
        running.store(false, ordering: .releasing)
        if case .journal(let journal) = backend { journal.stop() }
    }

    private func loadUntilDone() {
        var delay: UInt32 = 100_000
        var attempts = 0
        while running.load(ordering: .acquiring) {
            attempts += 1
            do {
                let count = try loadOnce()
                list.setLoaded(true)
                Log.info("recorded revocations loaded", [("records", "\(count)"), ("attempts", "\(attempts)")])
                break
            } catch {
                if attempts == 1 || attempts % 10 == 0 {
                    Log.warning("recorded revocations not loaded; introspection answers 503 until they are",
                                [("reason", "\(error)"), ("attempts", "\(attempts)")])
                }
                usleep(delay + UInt32.random(in: 0...(delay / 4)))
                delay = min(delay * 2, 2_000_000)
            }
        }
        loading.store(false, ordering: .releasing)
        // A request to load again that arrived while this one ran.
        if running.load(ordering: .acquiring) && !list.isLoaded { startLoading() }
    }

    private func loadOnce() throws -> Int {
        let now = Int64(time(nil))
        switch backend {
        case .postgres(let pool):
            let (revoked, cuts) = try pool.withConnection { connection throws(StoreError) in
                let table = PostgresRevocationTable()
                return (try table.live(now: now, on: connection), try table.liveCuts(now: now, on: connection))
            }
            for (jwtID, clientID, expiresAt) in revoked {
                list.apply(Revocation(jwtID: jwtID, expiresAt: expiresAt, clientID: clientID), now: now)
            }
            for (clientID, notBefore) in cuts { list.cut(clientID: clientID, notBefore: notBefore) }
            return revoked.count + cuts.count
        case .redis(let pool):
            let (revoked, cuts) = try RedisRevocationTable(pool: pool).loadAll()
            for (jwtID, clientID, expiresAt) in revoked {
                list.apply(Revocation(jwtID: jwtID, expiresAt: expiresAt, clientID: clientID), now: now)
            }
            for (clientID, notBefore) in cuts { list.cut(clientID: clientID, notBefore: notBefore) }
            return revoked.count + cuts.count
        case .journal:
            return 0
        }
    }

    private static func apply(_ records: [RevocationJournal.Record], to list: RevocationList, now: Int64) {
        for record in records {
            switch record {
            case .revocation(let jwtID, let clientID, let expiresAt):
                list.apply(Revocation(jwtID: jwtID, expiresAt: expiresAt, clientID: clientID), now: now)
            case .cut(let clientID, let notBefore, _):
                list.cut(clientID: clientID, notBefore: notBefore)
            case .usedAssertion:
                break  // kept in assertions.log, never in this file
            }
        }
    }
}

