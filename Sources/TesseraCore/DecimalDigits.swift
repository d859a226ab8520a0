/// Integers written as decimal ASCII without going through String: the response's
/// Content-Length, the token JSON's `expires_in`/`iat`/`exp`, the access line's numbers. The
/// digits are made right to left on the stack and appended in one copy (a recursion appending a
/// digit at a time cost ~150-360 instructions a number, callgrind).
@usableFromInline package enum DecimalDigits {
    @inlinable
    package static func append(_ value: UInt64, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: UInt64.max has 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = value
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]).bindMemory(to: UInt8.self))
        }
    }

    /// `value` with a leading `-` when negative (`Int.min` included: its magnitude fits UInt64).
    @inlinable
    package static func append(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        append(UInt64(value.magnitude), to: &out)
    }
}
