import Testing
import TesseraTelemetry

/// Wire-format checks against hand-computed bytes (https://protobuf.dev/programming-guides/encoding/);
/// the whole OTLP request is checked with the official decoder in TracingTests.
struct ProtobufWriterTests {
    static let varints: [(UInt64, [UInt8])] = [
        (0, [0]), (1, [1]), (150, [0x96, 0x01]), (300, [0xAC, 0x02]),
        (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test(arguments: varints)
    func varintsUseSevenBitGroupsLowFirst(value: UInt64, expected: [UInt8]) {
        var writer = ProtobufWriter()
        writer.varint(value)
        #expect(writer.bytes == expected)
    }

    @Test func fieldsCarryTheirNumberAndWireType() {
        var writer = ProtobufWriter()
        writer.varintField(6, 2)
        writer.fixed64Field(7, 1)
        writer.fixed32Field(16, 0x101)
        writer.stringField(5, "ab")
        #expect(writer.bytes == [0x30, 0x02, 0x39, 1, 0, 0, 0, 0, 0, 0, 0, 0x85, 0x01, 0x01, 0x01, 0, 0, 0x2A, 0x02, 0x61, 0x62])
    }

    @Test func nestedMessagesArePrefixedWithTheirLength() {
        var writer = ProtobufWriter()
        writer.messageField(1) { $0.stringField(1, "abc") }
        // A 5-byte varint length (3 + 2 = 5), still a valid encoding.
        #expect(writer.bytes == [0x0A, 0x85, 0x80, 0x80, 0x80, 0x00, 0x0A, 0x03, 0x61, 0x62, 0x63])
    }
}
