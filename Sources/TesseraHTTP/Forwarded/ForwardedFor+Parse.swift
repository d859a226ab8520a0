import Glibc

extension ForwardedFor {
    /// `X-Forwarded-For: 203.0.113.7, 10.0.0.2`: comma-separated nodes. Empty list elements are
    /// skipped (RFC 9110 §5.6.1); a quoted node is unquoted.
    static func xForwardedForNodes(_ value: UnsafeRawBufferPointer, into nodes: inout [Node]) {
        split(value, at: UInt8(ascii: ",")) { element in
            let trimmed = trim(element, in: value)
            guard !trimmed.isEmpty else { return }
            nodes.append(node(UnsafeRawBufferPointer(rebasing: value[trimmed])))
        }
    }

    /// `Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::17]:4711"` (RFC 7239 §4): one node per
    /// element, its `for` parameter (name case-insensitive). An element without exactly one `for`
    /// is unreadable: a hop whose client is not known.
    static func forwardedNodes(_ value: UnsafeRawBufferPointer, into nodes: inout [Node]) {
        split(value, at: UInt8(ascii: ",")) { element in
            guard !trim(element, in: value).isEmpty else { return }
            var found: Node?
            var count = 0
            split(UnsafeRawBufferPointer(rebasing: value[element]), at: UInt8(ascii: ";")) { pair in
                let pairBytes = UnsafeRawBufferPointer(rebasing: value[element])
                let trimmed = trim(pair, in: pairBytes)
                guard trimmed.count > 4 else { return }
                let name = trimmed.lowerBound..<(trimmed.lowerBound + 4)
                guard ByteClass.equalsLowercase(pairBytes, name, "for=") else { return }
                count += 1
                found = node(UnsafeRawBufferPointer(rebasing: pairBytes[name.upperBound..<trimmed.upperBound]))
            }
            nodes.append(count == 1 ? found ?? .unreadable : .unreadable)
        }
    }

    /// Calls `body` with each range of `value` between `separator`s outside quoted strings.
    static func split(_ value: UnsafeRawBufferPointer, at separator: UInt8, _ body: (Range<Int>) -> Void) {
        var start = 0
        var quoted = false
        var index = 0
        while index < value.count {
            let byte = value[index]
            if quoted && byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == separator && !quoted {
                body(start..<index)
                start = index + 1
            }
            index += 1
        }
        body(start..<value.count)
    }

    /// `range` without the spaces and tabs around it.
    static func trim(_ range: Range<Int>, in value: UnsafeRawBufferPointer) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, value[lower] == 0x20 || value[lower] == 0x09 { lower += 1 }
        while upper > lower, value[upper - 1] == 0x20 || value[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    /// One node, quoted or not: `192.0.2.7`, `192.0.2.7:4711`, `[2001:db8::1]`, `[2001:db8::1]:4711`,
    /// or a bare IPv6 address. Anything else (`unknown`, `_hidden`, garbage) is unreadable.
    static func node(_ raw: UnsafeRawBufferPointer) -> Node {
        // Unquoted into a C string for inet_pton; no address is longer than 64 bytes with its port.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65) { text -> Node in
            var count = 0
            var index = 0
            var end = raw.count
            let quoted = end >= 2 && raw[0] == UInt8(ascii: "\"") && raw[end - 1] == UInt8(ascii: "\"")
            if quoted {
                index = 1
                end -= 1
            }
            while index < end {
                var byte = raw[index]
                if byte == UInt8(ascii: "\\") {
                    guard quoted else { return .unreadable }
                    index += 1
                    guard index < end else { return .unreadable }
                    byte = raw[index]
                }
                guard count < 64, byte > 0x20, byte < 0x7F else { return .unreadable }
                text[count] = byte
                count += 1
                index += 1
            }
            return address(UnsafeMutableBufferPointer(rebasing: text[0..<count])).map { .address($0) } ?? .unreadable
        }
    }
}
