import Testing
@testable import TesseraHTTP
import TesseraTesting

struct ChunkedCase: Sendable, CustomTestStringConvertible {
    var name: String
    var encoded: [UInt8]
    var decoded: [UInt8]
    var status = 0

    init(_ name: String, _ encoded: String, _ decoded: String) {
        self.name = name
        self.encoded = Array(encoded.utf8)
        self.decoded = Array(decoded.utf8)
    }

    /// A refused encoding and the status of its error.
    init(_ name: String, _ encoded: String, refusedWith status: Int) {
        self.name = name
        self.encoded = Array(encoded.utf8)
        self.decoded = []
        self.status = status
    }

    var testDescription: String { name }
}

let validChunkedBodies: [ChunkedCase] = [
    ChunkedCase("one chunk", "5\r\nhello\r\n0\r\n\r\n", "hello"),
    ChunkedCase("no data at all", "0\r\n\r\n", ""),
    ChunkedCase("several chunks", "3\r\nabc\r\n1\r\nd\r\n4\r\nefgh\r\n0\r\n\r\n", "abcdefgh"),
    ChunkedCase("extensions", "5;name=value\r\nhello\r\n6 ; q=\"a b\";flag\r\n world\r\n0;last\r\n\r\n", "hello world"),
    ChunkedCase("trailer fields", "3\r\nabc\r\n0\r\nX-Checksum: 1234\r\nY: z\r\n\r\n", "abc"),
    ChunkedCase("uppercase and lowercase hex",
                "A\r\n0123456789\r\na\r\nabcdefghij\r\n1F\r\n" + String(repeating: "F", count: 31) + "\r\n1f\r\n"
                    + String(repeating: "f", count: 31) + "\r\n0\r\n\r\n",
                "0123456789abcdefghij" + String(repeating: "F", count: 31) + String(repeating: "f", count: 31)),
    ChunkedCase("leading zeros", "0005\r\nhello\r\n000\r\n\r\n", "hello"),
    ChunkedCase("CRLF inside chunk data", "4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n"),
    ChunkedCase("many tiny chunks", String(repeating: "1\r\nx\r\n", count: 300) + "0\r\n\r\n", String(repeating: "x", count: 300)),
    ChunkedCase("one big chunk", "1000\r\n" + String(repeating: "b", count: 4096) + "\r\n0\r\n\r\n", String(repeating: "b", count: 4096)),
]

@Suite struct ChunkedBodyTests {
    @Test(arguments: validChunkedBodies)
    func validEncodingScansAndDecodes(_ body: ChunkedCase) {
        #expect(ChunkedBody.scan(body.encoded) == .complete(encodedLength: body.encoded.count, decodedLength: body.decoded.count))
        #expect(ChunkedBody.decode(body.encoded) == body.decoded)
    }

    @Test(arguments: validChunkedBodies)
    func bytesAfterTheBodyAreNotPartOfIt(_ body: ChunkedCase) {
        let next = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        #expect(ChunkedBody.scan(body.encoded + next) == .complete(encodedLength: body.encoded.count, decodedLength: body.decoded.count))
        #expect(ChunkedBody.decode(body.encoded + next) == body.decoded)
    }

    @Test(arguments: validChunkedBodies)
    func everyProperPrefixIsIncomplete(_ body: ChunkedCase) {
        for length in 0..<body.encoded.count {
            let result = ChunkedBody.scan(Array(body.encoded[0..<length]))
            #expect(result == .incomplete, "prefix of \(length) bytes: \(result)")
            if result != .incomplete { return }
        }
    }

    /// The body arrives in pieces cut at random points: it stays incomplete until the last piece
    /// and then scans and decodes like the whole.
    @Test(arguments: validChunkedBodies, [1, 2, 3] as [UInt64])
    func randomSplitPointsDoNotMatter(_ body: ChunkedCase, _ seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let pieces = body.encoded.pieces(cuts: 5, using: &rng)
        var received: [UInt8] = []
        for (index, piece) in pieces.enumerated() {
            received += piece
            let result = ChunkedBody.scan(received)
            if index < pieces.count - 1 {
                #expect(result == .incomplete)
            } else {
                #expect(result == .complete(encodedLength: body.encoded.count, decodedLength: body.decoded.count))
                #expect(ChunkedBody.decode(received) == body.decoded)
            }
        }
    }

    static let invalidBodies: [ChunkedCase] = [
        ChunkedCase("data not followed by CRLF", "5\r\nhelloX\r\n0\r\n\r\n", refusedWith: 400),
        ChunkedCase("data longer than its size", "3\r\nhello\r\n0\r\n\r\n", refusedWith: 400),
        ChunkedCase("data followed by a bare LF", "5\r\nhello\n0\r\n\r\n", refusedWith: 400),
        ChunkedCase("non-hex size", "g\r\nhello\r\n0\r\n\r\n", refusedWith: 400),
        ChunkedCase("empty size", "\r\nhello\r\n0\r\n\r\n", refusedWith: 400),
        ChunkedCase("negative size", "-5\r\nhello\r\n0\r\n\r\n", refusedWith: 400),
        ChunkedCase("0x prefix", "0x5\r\nhello\r\n0\r\n\r\n", refusedWith: 400),
        ChunkedCase("size followed by a bare LF", "5\nhello\r\n0\r\n\r\n", refusedWith: 400),
        ChunkedCase("control character in an extension", "5;a=\u{1}\r\nhello\r\n0\r\n\r\n", refusedWith: 400),
        ChunkedCase("extension longer than a line may be", "5;" + String(repeating: "e", count: 2000) + "\r\nhello\r\n0\r\n\r\n", refusedWith: 400),
        ChunkedCase("control character in a trailer", "0\r\nX: \u{0}\r\n\r\n", refusedWith: 400),
        ChunkedCase("bare LF ending the trailer section", "0\r\n\nX: y\r\n\r\n", refusedWith: 400),
        ChunkedCase("size over 32 bits", "fffffffff\r\n", refusedWith: 413),
        ChunkedCase("size overflowing 64 bits", "ffffffffffffffffffff\r\nx\r\n0\r\n\r\n", refusedWith: 413),
    ]

    @Test(arguments: invalidBodies)
    func invalidEncodingIsRefused(_ body: ChunkedCase) throws {
        let result = ChunkedBody.scan(body.encoded)
        guard case .invalid(let error) = result else {
            Issue.record("not refused: \(result)")
            return
        }
        #expect(error.status == body.status, "\(error)")
    }

    @Test func decodedSizeOverTheLimitIsTooLarge() {
        let at = Array("4\r\nabcd\r\n6\r\nefghij\r\n0\r\n\r\n".utf8)
        #expect(ChunkedBody.scan(at, maxDecoded: 10) == .complete(encodedLength: at.count, decodedLength: 10))
        let over = Array("4\r\nabcd\r\n7\r\nefghijk\r\n0\r\n\r\n".utf8)
        #expect(ChunkedBody.scan(over, maxDecoded: 10) == .invalid(.bodyTooLarge))
        // Refused from the chunk-size line on, before the data arrives.
        #expect(ChunkedBody.scan(Array("4\r\nabcd\r\n7\r\n".utf8), maxDecoded: 10) == .invalid(.bodyTooLarge))
    }

    @Test func encodingOverTheLimitIsTooLargeEvenWhenItNeverEnds() {
        // Empty-looking framing around tiny chunks: few decoded bytes, many encoded ones.
        let framing = Array(String(repeating: "1;padding-padding\r\nx\r\n", count: 100).utf8)
        #expect(ChunkedBody.scan(framing, maxDecoded: 1000, maxEncoded: 4096) == .incomplete)
        #expect(ChunkedBody.scan(framing, maxDecoded: 1000, maxEncoded: 1000) == .invalid(.bodyTooLarge))
        let trailers = Array(("0\r\n" + String(repeating: "T: t\r\n", count: 300)).utf8)
        #expect(ChunkedBody.scan(trailers, maxDecoded: 1000, maxEncoded: 1000) == .invalid(.bodyTooLarge))
    }

    /// Found while adding the prefix invariant to the fuzz harness: a last-chunk line that ends past
    /// the encoded limit was accepted when the final CRLF came in the same read, and refused (413)
    /// when it came in a later one. The answer must not depend on how the bytes arrive.
    @Test func lastChunkLinePastTheEncodedLimitIsRefusedHoweverItArrives() {
        let body = Array(("0;" + String(repeating: "e", count: 40) + "\r\n\r\n").utf8)
        #expect(ChunkedBody.scan(body, maxDecoded: 1000, maxEncoded: 20) == .invalid(.bodyTooLarge))
        for cut in 1..<body.count {
            let prefix = ChunkedBody.scan(Array(body[..<cut]), maxDecoded: 1000, maxEncoded: 20)
            #expect(prefix == .incomplete || prefix == .invalid(.bodyTooLarge), "prefix of \(cut) bytes: \(prefix)")
        }
    }
}
