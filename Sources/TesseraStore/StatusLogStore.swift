/// Where status list indexes are reserved and status list events are recorded and read back:
/// the blocks reserved for a client and the bits set by revocations, one text entry each (see
/// `StatusLogEntry` in the App). PostgreSQL, Redis or a file under `state.directory`.
package protocol StatusLogStore: Sendable {
    /// Reserves `count` consecutive indexes of the store's one counter; returns the store's epoch
    /// (a random name fixed when the counter was created, so a new counter never repeats list
    /// ids) and the first index.
    func reserve(_ count: Int64) throws(StoreError) -> (epoch: String, start: Int64)
    /// Records `entry` durably until `expiresAt` (unix seconds).
    func append(_ entry: String, expiresAt: Int64) throws(StoreError)
    /// Live entries recorded after `cursor` (0: all of them) and the cursor to pass next.
    func read(after cursor: Int64, now: Int64) throws(StoreError) -> (entries: [String], cursor: Int64)
}
