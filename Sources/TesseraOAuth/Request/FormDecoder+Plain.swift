import Glibc

extension FormDecoder {
    /// Whether `body` has neither `%` nor `+` and no byte of 0x80 or above: then no component
    /// needs decoding and every one is valid UTF-8 as it stands, so the components can be handed
    /// on without a scan each (per token request that was four UTF-8 checks and eight memchr
    /// calls for two parameters; callgrind, docs/PERFORMANCE.md).
    @inline(__always)
    static func isPlainASCII(_ body: UnsafeRawBufferPointer) -> Bool {
        guard let base = body.baseAddress else { return true }
        let count = body.count
        var i = 0
        var high: UInt64 = 0
        while i &+ 8 <= count {
            high |= base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        while i < count {
            high |= UInt64(base.load(fromByteOffset: i, as: UInt8.self))
            i &+= 1
        }
        guard high & 0x8080_8080_8080_8080 == 0 else { return false }
        return memchr(base, Int32(UInt8(ascii: "%")), count) == nil
            && memchr(base, Int32(UInt8(ascii: "+")), count) == nil
    }

    /// `forEachParameter` for a body that `isPlainASCII` accepted: the same split (`&` between
    /// pairs, the first `=` between name and value, empty segments skipped), the views taken
    /// straight from `body`.
    static func forEachPlainParameter(
        in body: UnsafeRawBufferPointer,
        _ visit: (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws(OAuthError) -> Void
    ) throws(OAuthError) {
        guard let base = body.baseAddress else { return }
        let count = body.count
        var start = 0
        while start < count {
            var end = count
            if let amp = memchr(base + start, Int32(UInt8(ascii: "&")), count &- start) {
                end = base.distance(to: UnsafeRawPointer(amp))
            }
            if end > start {
                if let eq = memchr(base + start, Int32(UInt8(ascii: "=")), end &- start) {
                    let equals = base.distance(to: UnsafeRawPointer(eq))
                    try visit(UnsafeRawBufferPointer(start: base + start, count: equals &- start),
                              UnsafeRawBufferPointer(start: base + (equals &+ 1), count: end &- equals &- 1))
                } else {
                    try visit(UnsafeRawBufferPointer(start: base + start, count: end &- start),
                              UnsafeRawBufferPointer(start: base + end, count: 0))
                }
            }
            start = end &+ 1
        }
    }
}
