/// The few protobuf wire-format encodings OTLP needs (https://protobuf.dev/programming-guides/encoding/):
/// varints, fixed64, fixed32, length-delimited bytes, and nested messages. A nested message is
/// written in place and its length prefix patched afterwards, so one buffer holds the request.
package struct ProtobufWriter {
    package var bytes: [UInt8] = []

    package init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    package enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    package mutating func tag(_ field: Int, _ type: WireType) {
        varint(UInt64(field) << 3 | type.rawValue)
    }

    package mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    package mutating func varintField(_ field: Int, _ value: UInt64) {
        tag(field, .varint)
        varint(value)
    }

    package mutating func fixed64Field(_ field: Int, _ value: UInt64) {
        tag(field, .fixed64)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func fixed32Field(_ field: Int, _ value: UInt32) {
        tag(field, .fixed32)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func bytesField(_ field: Int, _ value: some Collection<UInt8>) {
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    package mutating func stringField(_ field: Int, _ value: String) {
        bytesField(field, value.utf8)
    }

    /// A length-delimited sub-message written by `body`. The length is reserved as a 5-byte
    /// (non-minimal, still valid) varint and filled in once the body is written.
    package mutating func messageField(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        tag(field, .lengthDelimited)
        let mark = bytes.count
        bytes.append(contentsOf: [0x80, 0x80, 0x80, 0x80, 0x00])
        body(&self)
        let length = UInt32(bytes.count - mark - 5)
        for index in 0..<5 {
            let group = UInt8(truncatingIfNeeded: length >> (7 * UInt32(index))) & 0x7F
            bytes[mark + index] = index < 4 ? group | 0x80 : group
        }
    }
}
