import Glibc
import TesseraConfig
import TesseraCore
import TesseraJOSE
import TesseraOAuth
import TesseraStore

/// The Token Status List (`status_list:`): hands out token indexes, keeps the lists' bits, and
/// prepares the signed Status List Tokens served at `/oauth/status/<list id>`.
///
/// Indexes come in blocks reserved in the shared store (PostgreSQL, else Redis, else
/// `status.log` under `state.directory`), each block for one client, recorded there with the
/// client id and the second from which it is used. That record is what makes client-wide cuts
/// work on every node without a write per token: a cut of client C at T (`revoke-tokens`,
/// removal, `disable --revoke-tokens`, however it reaches the revocation list) sets every bit of
/// every block of C that was reserved at or before T, whichever node reserved it and before any
/// restart; and no node issues from such a block once it knows the cut (a cut changes the cut
/// generation a block is stamped with). A single revocation records its index in the same log.
/// Every node reads the log again every 250 ms, so a bit set anywhere is served everywhere
/// within a second. Bits are never cleared while their list is served, stores down or not.
final class StatusLists: StatusIndexAllocating, StatusMarking, @unchecked Sendable {
    // @unchecked: shared state is `Locked` or atomic; `cursor` and `markedGeneration` only under `reads`.
    let store: any StatusLogStore
    let revocations: RevocationList
    let size: Int64
    let ttlSeconds: Int64
    /// `<issuer>/oauth/status/` (the issuer may change once: a port 0 listener learns its port).
    private let base: Locked<String>
    var baseURI: String { base.withLock { $0 } }
    /// How long a block is handed out from, and how long its tokens may live after that.
    let blockWindow: Int64
    let tokenLifetime: Int64
    /// `Cache-Control` of the lists: public, for at most the `ttl` the token announces.
    let cacheControl: String
    static let smallestBlock: Int64 = 64
    static let largestBlock: Int64 = 4096

    let lists = Locked<[String: StatusListState]>([:])
    let clients = Locked<[ExactString: StatusClientBlocks]>([:])
    /// Blocks swapped out of a client slot, released a minute later (a reader holds one for
    /// nanoseconds).
    let retiredSlots = Locked<[(at: Int64, block: Unmanaged<StatusBlock>)]>([])
    /// Held while a block is reserved, so that requests waiting together reserve one block.
    let reserving = PthreadMutex()
    let spareRequests = StatusSpareRequests()
    let signer = Locked<(any JWSSigner)?>(nil)
    /// Reads of the log completed; held while one runs (the sync thread's, or a catch-up for a
    /// list not known yet), so reads never overlap.
    let reads = Locked<UInt64>(0)
    /// The store's cursor and the cut generation whose cuts are marked; only under `reads`.
    var cursor: Int64 = 0
    var markedGeneration: UInt64 = 0
    /// False until the store's log, the recorded revocations and their cuts are applied: until
    /// then a list could lack a set bit, so none is served (503).
    let ready = Locked(false)
    let running = Locked(true)

    init(config: StatusListConfig, issuer: String, tokenTTL: Duration, store: any StatusLogStore, revocations: RevocationList) {
        self.store = store
        self.revocations = revocations
        size = Int64(config.size)
        ttlSeconds = Int64(config.ttl.components.seconds)
        base = Locked(Self.base(issuer))
        tokenLifetime = Int64(tokenTTL.components.seconds)
        blockWindow = min(3600, max(60, tokenLifetime))
        cacheControl = "public, max-age=\(ttlSeconds)"
    }

    /// Retired blocks still waiting for the sweep hold a reference each: no reader can hold one
    /// once the lists are gone (a test's own), so they are released here.
    deinit {
        for slot in retiredSlots.withLock({ $0 }) { slot.block.release() }
    }

    /// The service's status lists, nil without `status_list:`.
    static func build(config: Config, tiers: StoreTiers, revocations: RevocationList) throws(ServiceError) -> StatusLists? {
        guard let section = config.statusList else { return nil }
        return StatusLists(config: section, issuer: config.issuer, tokenTTL: config.tokens.ttl,
                           store: try store(config: config, tiers: tiers), revocations: revocations)
    }

    /// The store for this configuration: PostgreSQL, else Redis, else the state directory.
    static func store(config: Config, tiers: StoreTiers) throws(ServiceError) -> any StatusLogStore {
        if let database = tiers.database { return PostgresStatusLog(pool: database) }
        if let redis = tiers.redis { return RedisStatusLog(pool: redis) }
        do {
            return try FileStatusLog(directory: config.state.directory, now: Int64(time(nil)))
        } catch {
            throw .runtime("cannot open the status list log in \(config.state.directory) (state.directory): \(error)")
        }
    }

    private static func base(_ issuer: String) -> String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/oauth/status/"
    }

    /// The key and issuer of the state in force: a change re-signs every list.
    func use(signer: any JWSSigner, issuer: String) {
        self.signer.withLock { $0 = signer }
        let changed = base.withLock { base in
            defer { base = Self.base(issuer) }
            return base != Self.base(issuer)
        }
        if changed { lists.withLock { lists in for id in lists.keys { lists[id]!.signedVersion = 0 } } }
    }

    // MARK: revocation

    func mark(_ status: StatusReference, expiresAt: Int64) throws {
        guard status.uri.hasPrefix(baseURI) else { return }  // another issuer's list: not ours to set
        let listID = String(status.uri.dropFirst(baseURI.count))
        let entry = StatusLogEntry.bit(listID: listID, index: status.index, expiresAt: expiresAt)
        try store.append(entry.encoded, expiresAt: expiresAt)
        let now = Int64(time(nil))
        apply(entry, now: now)
        signDue(now: now)
    }
}
