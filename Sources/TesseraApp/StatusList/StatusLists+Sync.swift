import Glibc
import TesseraCore
import TesseraJOSE
import TesseraStore

extension StatusLists {
    /// Reads the log every 250 ms: entries of other nodes, cuts that arrived, lists to re-sign,
    /// expired lists and blocks to drop. A second thread reserves spare blocks as the token path
    /// asks for them, so that a store's round trip (or the state file's fdatasync) never holds a
    /// token request, and a slow read of the log never holds a reservation.
    func start() {
        BackgroundThread.detached { [self] in
            while running.withLock({ $0 }) {
                tick(now: Int64(time(nil)))
                usleep(250_000)
            }
        }
        BackgroundThread.detached { [self] in
            while running.withLock({ $0 }) {
                for client in spareRequests.take(timeout: .milliseconds(250)) {
                    // Store down: no spare; the request that finds the block used up waits in refill.
                    try? prefetch(for: client, now: Int64(time(nil)))
                }
            }
        }
    }

    func stop() {
        running.withLock { $0 = false }
        spareRequests.wake()
    }

    func tick(now: Int64) {
        reads.withLock { count in
            read(now: now)
            count &+= 1
        }
    }

    /// Reads the log now unless a read that began after `observed` reads has completed since:
    /// a list another node opened after this node's last read is then known. Callers waiting
    /// together share the next read.
    func catchUp(since observed: UInt64) {
        reads.withLock { count in
            guard count < observed &+ 2 else { return }
            read(now: Int64(time(nil)))
            count &+= 1
        }
    }

    var readsCompleted: UInt64 { reads.withLock { $0 } }

    private func read(now: Int64) {
        let loaded: Bool
        do {
            let (entries, next) = try store.read(after: cursor, now: now)
            for text in entries {
                guard let entry = StatusLogEntry(text) else { continue }
                apply(entry, now: now)
            }
            loaded = true
            cursor = next
        } catch {
            // Stores down: the lists served stay as they are (never with a bit cleared).
            loaded = cursor != 0
        }
        markCuts()
        signDue(now: now)
        sweep(now: now)
        if loaded && revocations.isLoaded && markedGeneration == revocations.generation {
            ready.withLock { $0 = true }
        }
    }

    /// Records an entry here: a block (its bits set at once when a known cut covers it) or a bit.
    func apply(_ entry: StatusLogEntry, now: Int64) {
        switch entry {
        case .block(let listID, let start, let count, let notBefore, let expiresAt, let clientID):
            var record = StatusClientBlocks.Record(
                listID: listID, start: start, count: count, notBefore: notBefore, expiresAt: expiresAt)
            let cut = revocations.notBefore(clientID: clientID)
            record.marked = cut.map { notBefore <= $0 } ?? false
            let added = clients.withLock { $0[ExactString(clientID), default: StatusClientBlocks()].add(record) }
            ensureList(listID, expiresAt: expiresAt)
            if added && record.marked { setBits(listID, start..<(start + count)) }
        case .bit(let listID, let index, let expiresAt):
            ensureList(listID, expiresAt: expiresAt)
            setBits(listID, index..<(index + 1))
        }
    }

    private func ensureList(_ listID: String, expiresAt: Int64) {
        let size = Int(self.size)
        lists.withLock { lists in
            if lists[listID] == nil {
                lists[listID] = StatusListState(size: size, expiresAt: expiresAt)
            } else if lists[listID]!.expiresAt < expiresAt {
                lists[listID]!.expiresAt = expiresAt
            }
        }
    }

    private func setBits(_ listID: String, _ range: Range<Int64>) {
        lists.withLock { lists in
            guard lists[listID] != nil else { return }
            for index in range { _ = lists[listID]!.set(index) }
        }
    }

    /// New cuts (the cut generation moved): every block of the client reserved at or before its
    /// cut gets all its bits set.
    func markCuts() {
        let generation = revocations.generation
        guard generation != markedGeneration else { return }
        var toSet: [(String, Range<Int64>)] = []
        clients.withLock { clients in
            for (key, var blocks) in clients {
                guard let cut = revocations.notBefore(clientID: key.value) else { continue }
                var changed = false
                for index in blocks.records.indices where !blocks.records[index].marked && blocks.records[index].notBefore <= cut {
                    let record = blocks.records[index]
                    toSet.append((record.listID, record.start..<(record.start + record.count)))
                    blocks.records[index].marked = true
                    changed = true
                }
                if changed { clients[key] = blocks }
            }
        }
        for (listID, range) in toSet { setBits(listID, range) }
        markedGeneration = generation
    }

    /// Signs every list whose bits, key or age call for it. Compression and signing happen
    /// outside the lock; a copy overtaken by a newer bit is not installed (the next call signs it).
    func signDue(now: Int64) {
        guard let signer = signer.withLock({ $0 }) else { return }
        let keyID = signer.keyID.value
        let due: [(String, [UInt8], UInt64)] = lists.withLock { lists in
            lists.compactMap { id, list in
                list.needsSigning(now: now, ttl: ttlSeconds, keyID: keyID) ? (id, list.bits, list.version) : nil
            }
        }
        for (listID, bits, version) in due {
            // exp: twice the ttl, so a copy fetched just before the next signing outlives its cache.
            guard let token = try? StatusListToken.sign(
                bits: bits, uri: baseURI + listID, issuedAt: now, expiresAt: now + 2 * ttlSeconds, ttlSeconds: ttlSeconds,
                signer: signer)
            else { continue }
            lists.withLock { lists in
                guard var list = lists[listID], list.version == version else { return }
                list.prepared = token
                list.signedVersion = version
                list.signedAt = now
                list.signerKeyID = keyID
                lists[listID] = list
            }
        }
    }

    /// Drops lists and block records whose tokens have all expired, and releases retired slots.
    private func sweep(now: Int64) {
        lists.withLock { lists in lists = lists.filter { $0.value.expiresAt > now } }
        clients.withLock { clients in
            for (key, var blocks) in clients {
                blocks.records.removeAll { $0.expiresAt <= now }
                if blocks.records.isEmpty && (blocks.current?.retireAt ?? 0) <= now {
                    clients[key] = nil
                } else {
                    clients[key] = blocks
                }
            }
        }
        let released = retiredSlots.withLock { slots in
            let old = slots.filter { now - $0.at >= 60 }
            slots.removeAll { now - $0.at >= 60 }
            return old
        }
        for slot in released { slot.block.release() }
    }
}
