import Foundation
import Testing
import TesseraJOSE
import TesseraTesting

/// The status list encoder against draft-ietf-oauth-status-list: its worked examples (§4.1) byte
/// for byte, and lists of 1, 2, 4 and 8 bits per status decoded by Python's own `zlib` and read
/// with the draft's rule (status i is bits `i*bits ..< (i+1)*bits` of the array, least significant
/// first), so the encoder is not checked against itself.
@Suite(.requires(TestPython.path != nil, "no python3"))
struct StatusListEncodingTests {
    /// The draft's 1-bit example: statuses 1 0 0 1 1 1 0 1 1 1 0 0 0 1 0 1.
    static let oneBit: [UInt8] = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
    /// The draft's 2-bit example: statuses 1 2 0 3 0 1 0 1 1 2 3 3.
    static let twoBits: [UInt8] = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]

    @Test func theDraftsOneBitExampleIsB9A3AndItsLst() {
        let bytes = StatusListEncoding.pack(Self.oneBit, bits: 1)
        #expect(bytes == [0xB9, 0xA3])
        #expect(StatusListEncoding.lst(bytes) == "eNrbuRgAAhcBXQ")
    }

    @Test func theDraftsTwoBitExampleIsC944F9AndItsLst() {
        let bytes = StatusListEncoding.pack(Self.twoBits, bits: 2)
        #expect(bytes == [0xC9, 0x44, 0xF9])
        #expect(StatusListEncoding.lst(bytes) == "eNo76fITAAPfAgc")
    }

    /// Python decompresses each `lst` and reads every status back with the draft's rule.
    static let reader = #"""
import sys, json, zlib, base64
out = []
for case in json.load(sys.stdin):
    lst = case["lst"]
    raw = zlib.decompress(base64.urlsafe_b64decode(lst + "=" * (-len(lst) % 4)))
    bits = case["bits"]
    def status(i):
        return (raw[i * bits // 8] >> ((i * bits) % 8)) & ((1 << bits) - 1)
    out.append({"size": len(raw) * 8 // bits, "statuses": [status(i) for i in range(case["count"])]})
print(json.dumps(out))
"""#

    @Test func listsOfEveryWidthDecodeWithPythonsZlib() throws {
        // The draft's examples, then 2^14 statuses of each width with every value at spread
        // indexes (as in the draft's test vectors) and zeros between them.
        var cases: [(bits: Int, statuses: [UInt8])] = [(1, Self.oneBit), (2, Self.twoBits)]
        for bits in [1, 2, 4, 8] {
            var statuses = [UInt8](repeating: 0, count: 1 << 14)
            for value in 0..<(1 << bits) { statuses[(value * 7919 + 1993) % statuses.count] = UInt8(value) }
            cases.append((bits, statuses))
        }
        let input = cases.map { item -> [String: Any] in
            let lst = StatusListEncoding.lst(StatusListEncoding.pack(item.statuses, bits: item.bits))
            return ["bits": item.bits, "lst": lst, "count": item.statuses.count]
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
        let outcome = try TestPython.run(["-c", Self.reader], stdin: json)
        try #require(outcome.status == 0, "python: \(outcome.stderr)")
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        try #require(decoded.count == cases.count)
        for (item, answer) in zip(cases, decoded) {
            let statuses = (answer["statuses"] as? [Int] ?? []).map(UInt8.init)
            #expect(statuses == item.statuses, "\(item.bits)-bit list of \(item.statuses.count) read back differently")
            #expect(answer["size"] as? Int ?? 0 >= item.statuses.count)
        }
    }
}
