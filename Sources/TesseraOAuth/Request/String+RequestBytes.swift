extension String {
    /// A String of request bytes the caller has already checked are valid UTF-8 (or ASCII).
    /// Up to 15 ASCII bytes become a small string with no validation pass and no allocation:
    /// `String(decoding:as:)` ran its repairing decoder on them, ~200 instructions for a client
    /// id or a scope (callgrind). Longer or non-ASCII bytes are validated as before, so the
    /// result equals `String(decoding:as:)` for any input.
    @inline(__always)
    init(requestBytes bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        self.init(unsafeUninitializedCapacity: count) { buffer in
            if count > 0, let source = bytes.baseAddress, let target = buffer.baseAddress {
                target.initialize(from: source.assumingMemoryBound(to: UInt8.self), count: count)
            }
            return count
        }
    }
}
