/// Writing bytes into memory whose room was made beforehand (a response's output, an access
/// line): each store returns the address after it, so a writer is a chain of stores after one
/// capacity check. Appending to a `[UInt8]` costs ~50-90 instructions a call however few bytes
/// (a uniqueness check, a capacity check and a call into the generic append each time).
extension UnsafeMutableRawPointer {
    /// Stores `literal` here and returns the address after it.
    @inlinable @inline(__always)
    package func putting(_ literal: StaticString) -> UnsafeMutableRawPointer {
        copyMemory(from: literal.utf8Start, byteCount: literal.utf8CodeUnitCount)
        return self + literal.utf8CodeUnitCount
    }

    /// Stores `bytes` here and returns the address after them.
    @inlinable @inline(__always)
    package func putting(_ bytes: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer {
        if let source = bytes.baseAddress { copyMemory(from: source, byteCount: bytes.count) }
        return self + bytes.count
    }

    /// Stores one byte here and returns the address after it.
    @inlinable @inline(__always)
    package func putting(byte: UInt8) -> UnsafeMutableRawPointer {
        storeBytes(of: byte, as: UInt8.self)
        return self + 1
    }

    /// Stores `value` (not negative) in decimal here and returns the address after it.
    @inlinable @inline(__always)
    package func puttingDecimal(_ value: Int) -> UnsafeMutableRawPointer {
        var digits = 1
        var rest = value.magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        rest = value.magnitude
        var index = digits
        repeat {
            index -= 1
            storeBytes(of: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10), toByteOffset: index, as: UInt8.self)
            rest /= 10
        } while rest > 0
        return self + digits
    }

    /// Stores `value` as 16 lowercase hex digits here (two word stores) and returns the address
    /// after them.
    @inlinable @inline(__always)
    package func puttingHex(_ value: UInt64) -> UnsafeMutableRawPointer {
        storeBytes(of: Self.hexDigits(UInt32(truncatingIfNeeded: value >> 32)).bigEndian, toByteOffset: 0, as: UInt64.self)
        storeBytes(of: Self.hexDigits(UInt32(truncatingIfNeeded: value)).bigEndian, toByteOffset: 8, as: UInt64.self)
        return self + 16
    }

    /// The 8 hex digits of `value` as the bytes of a word, the first digit in the most
    /// significant byte: each nibble spread into a byte of its own, then '0' added, and 39 more
    /// ('a' - '9' - 1) where the nibble is 10 or more.
    @inlinable @inline(__always)
    package static func hexDigits(_ value: UInt32) -> UInt64 {
        var v = UInt64(value)
        v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF
        v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF
        v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F
        let letters = ((v &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return v &+ 0x3030_3030_3030_3030 &+ letters &* 39
    }
}

extension Array where Element == UInt8 {
    /// Appends the bytes stored from `start` up to `end`, in one copy (through the typed buffer:
    /// the array's specialized append, not the generic one a raw buffer takes).
    @inlinable @inline(__always)
    package mutating func append(storedFrom start: UnsafeMutableRawPointer, to end: UnsafeMutableRawPointer) {
        append(contentsOf: UnsafeRawBufferPointer(start: start, count: end - start).bindMemory(to: UInt8.self))
    }
}
