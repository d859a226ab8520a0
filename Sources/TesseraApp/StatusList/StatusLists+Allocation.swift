import TesseraCore
import TesseraJOSE
import TesseraOAuth

extension StatusLists {
    // MARK: the token path

    /// Lock-free: an atomic add on the client's current block, or, once it is used up, a swap to
    /// the spare reserved in the background while it was half free. Only without a usable spare
    /// (first token, a cut since, the store down) does the request wait for `refill`.
    @inline(__always)
    func take(for client: Client, now: Int64) -> StatusReference? {
        let generation = revocations.generation
        if let block = client.statusSlot.block, block.generation == generation, now < block.retireAt, let index = block.take() {
            if index == block.prefetchAt { spareRequests.add(client) }
            return StatusReference(uri: block.uri, index: index)
        }
        return takeFromSpare(for: client, generation: generation, now: now)
    }

    @inline(never)
    private func takeFromSpare(for client: Client, generation: UInt64, now: Int64) -> StatusReference? {
        let slot = client.statusSlot
        guard let spare = slot.spare, spare.generation == generation, now < spare.retireAt else { return nil }
        // Another thread may have moved it first: either way the current block is read again.
        if let replaced = slot.promote(spare).replaced { retire(replaced, now: now) }
        guard let block = slot.block, block.generation == generation, now < block.retireAt, let index = block.take() else { return nil }
        if index == block.prefetchAt { spareRequests.add(client) }
        return StatusReference(uri: block.uri, index: index)
    }

    /// Blocking, off the I/O thread: gives the client a usable block and takes the waiting
    /// request's index from it. Requests that waited together find the block the first of them
    /// reserved. The index is taken here, under the lock, not later in phase two: the client's
    /// other requests take from the new block lock-free meanwhile and may use it up (a list of
    /// 8, twenty requests at once), and the request that waited for it would find none left.
    func refill(for client: Client, now: Int64) throws -> StatusReference {
        try reserving.withLock { () throws -> StatusReference in
            // Each pass installs a block with room; a pass loses only when the client's requests
            // on the I/O threads used all of it up in between, so a few passes always end.
            for _ in 0..<16 {
                try installUsableBlock(for: client, now: now)
                if let reference = take(for: client, now: now) { return reference }
            }
            throw StatusListBusy()
        }
    }

    /// Under `reserving`: makes sure the client's current block has room, reserving one if needed.
    private func installUsableBlock(for client: Client, now: Int64) throws {
        let generation = revocations.generation
        let slot = client.statusSlot
        if slot.block?.isUsable(generation: generation, now: now) == true { return }
        if let spare = slot.spare, spare.isUsable(generation: generation, now: now) {
            if let replaced = slot.promote(spare).replaced { retire(replaced, now: now) }
            if slot.block?.isUsable(generation: generation, now: now) == true { return }
        }
        // Another client object of the same id may hold a block with room.
        if let held = clients.withLock({ $0[ExactString(client.id)]?.current }), held.isUsable(generation: generation, now: now) {
            install(held, in: client, now: now)
            return
        }
        install(try reserve(for: client, now: now), in: client, now: now)
    }

    /// On the spare-block thread: reserves the block that follows the client's current one.
    func prefetch(for client: Client, now: Int64) throws {
        try reserving.withLock { () throws -> Void in
            if let spare = client.statusSlot.spare, spare.isUsable(generation: revocations.generation, now: now) { return }
            if let replaced = client.statusSlot.offer(try reserve(for: client, now: now)) { retire(replaced, now: now) }
        }
    }

    /// Reserves a block in the store and records it (block size: 64, doubled up to 4096 while
    /// each block is half used within 10 s of the one before).
    private func reserve(for client: Client, now: Int64) throws -> StatusBlock {
        let key = ExactString(client.id)
        let generation = revocations.generation
        let previous = clients.withLock { $0[key] }
        var count = Self.smallestBlock
        if let previous, let held = previous.current, held.used * 2 >= held.end - held.start, now - previous.reservedAt < 10 {
            count = min(Self.largestBlock, (held.end - held.start) * 2)
        }
        count = min(count, size)
        var notBefore = now
        if let cut = revocations.notBefore(clientID: client.id), cut >= now { notBefore = cut + 1 }
        let (epoch, first) = try store.reserve(count)
        let listStart = first / size * size
        let start = first - listStart
        let end = min(start + count, size)
        let listID = "\(epoch)-\(listStart)"
        let entry = StatusLogEntry.block(
            listID: listID, start: start, count: end - start, notBefore: notBefore,
            expiresAt: notBefore + blockWindow + tokenLifetime + 60, clientID: client.id)
        try store.append(entry.encoded, expiresAt: entry.expiresAt)
        apply(entry, now: now)
        let block = StatusBlock(
            uri: baseURI + listID, clientID: client.id, start: start, end: end, generation: generation,
            retireAt: notBefore + blockWindow)
        clients.withLock { clients in
            clients[key, default: StatusClientBlocks()].current = block
            clients[key]?.reservedAt = now
        }
        return block
    }

    private func install(_ block: StatusBlock, in client: Client, now: Int64) {
        if let old = client.statusSlot.install(block) { retire(old, now: now) }
    }

    /// Released by the sweep a minute later: a reader may still hold it for a few nanoseconds.
    private func retire(_ block: Unmanaged<StatusBlock>, now: Int64) {
        retiredSlots.withLock { $0.append((now, block)) }
    }
}

/// Every block reserved for a waiting request was used up by the client's other requests before
/// it could take an index, many times over: the request gets 503 and may be sent again.
struct StatusListBusy: Error {}
