import TesseraCore

/// The bytes a connection still has to write: one raw allocation, reused from response to
/// response, that a response is serialized into with pointer stores after a single capacity
/// check. Appending to a `[UInt8]` cost ~50-90 instructions a call however few bytes (a
/// uniqueness check, a capacity check and a call into the generic append each time); a
/// response is nine or ten such pieces. Noncopyable: it owns its memory and frees it in `deinit`.
package struct OutputBuffer: ~Copyable {
    private var base: UnsafeMutableRawPointer?
    package private(set) var count = 0
    package private(set) var capacity = 0

    package init() {}

    deinit {
        base?.deallocate()
    }

    /// Where the next `extra` bytes go, with room made for them (the storage grows, doubling,
    /// when it must). Write at most `extra` bytes there, then `commit` how many were written.
    package mutating func reserve(_ extra: Int) -> UnsafeMutableRawPointer {
        if count + extra > capacity { grow(to: count + extra) }
        return base.unsafelyUnwrapped + count
    }

    /// `written` bytes from the pointer `reserve` returned are now part of the output.
    package mutating func commit(_ written: Int) {
        count += written
    }

    package mutating func append(_ literal: StaticString) {
        let target = reserve(literal.utf8CodeUnitCount)
        commit(target.putting(literal) - target)
    }

    /// The bytes written so far (empty when nothing is).
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Forgets the bytes and keeps the storage for the next response.
    package mutating func removeAll() {
        count = 0
    }

    /// Forgets the bytes and frees the storage (after a large response, so that an idle
    /// connection does not keep it).
    package mutating func release() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
    }

    private mutating func grow(to needed: Int) {
        let size = max(needed, capacity * 2, 1024)
        let grown = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        if let base {
            grown.copyMemory(from: base, byteCount: count)
            base.deallocate()
        }
        base = grown
        capacity = size
    }
}
