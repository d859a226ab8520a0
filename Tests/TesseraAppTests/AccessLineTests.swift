@testable import TesseraApp
import TesseraHTTP
import TesseraTelemetry
import Testing

/// The access line stored with pointer stores (`AccessLine`, logfmt) is byte for byte the line
/// the generic writer (`LogLine`, whose escaping the log's own tests pin) makes of the same
/// request: hostile methods, paths, ids and client ids included.
@Suite struct AccessLineTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var method: [UInt8] = Array("POST".utf8)
        var path: [UInt8] = Array("/oauth/token".utf8)
        var status = 200
        var duration: UInt64 = 42_317
        var bytes = 612
        var givenID: [UInt8]? = nil
        var clientID: [UInt8]? = nil
        var error: StaticString? = nil
        var peer = PeerAddress(family: 4, bytes: (0x0100_007F, 0), port: 9)
        var testDescription: String { String(decoding: path, as: UTF8.self) }
    }

    static let cases: [Case] = [
        Case(),
        Case(clientID: Array("bench".utf8)),
        Case(status: 401, duration: 0, bytes: 0, clientID: Array("a client \"quoted\"".utf8), error: "invalid_client"),
        Case(path: Array("/a path=with\nnewline\\ and \u{7}bell".utf8), status: 404, duration: 1_999_999_999_500),
        Case(method: [0x47, 0xFF, 0x54], path: [0x2F, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xC3, 0x28, 0xED, 0xA0, 0x80]),
        Case(path: [], givenID: Array("req=\"1\"".utf8)),
        Case(givenID: Array(String(repeating: "r", count: 128).utf8), clientID: []),
        Case(status: -1, bytes: Int.max, peer: PeerAddress(family: 6, bytes: (0xB80D_0120, 0x0100_0000_0000_0000), port: 1)),
        Case(peer: PeerAddress(family: 4, bytes: (0xFFFF_FFFF, 0), port: 1)),
        Case(peer: PeerAddress.unknown),
    ]

    @Test(arguments: cases)
    func theLineIsTheGenericWritersLine(_ c: Case) {
        let traceID: (UInt64, UInt64) = (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210)
        let generated: UInt64 = 0x00F0_67AA_0BA9_02B7
        #expect(stored(c, traceID: traceID, generated: generated) == generic(c, traceID: traceID, generated: generated))
    }

    func stored(_ c: Case, traceID: (UInt64, UInt64), generated: UInt64) -> String {
        c.method.withUnsafeBytes { method in
            c.path.withUnsafeBytes { path in
                (c.givenID ?? []).withUnsafeBytes { given in
                    (c.clientID ?? []).withUnsafeBytes { client in
                        var line = AccessLine(method: method, path: path, status: c.status, durationNanos: c.duration, bytes: c.bytes,
                                              traceID: traceID, peer: c.peer, error: c.error)
                        line.generatedID = generated
                        if c.givenID != nil { line.givenID = given }
                        if c.clientID != nil { line.clientID = client }
                        let bound = line.bound
                        let start = UnsafeMutableRawPointer.allocate(byteCount: bound, alignment: 16)
                        defer { start.deallocate() }
                        let count = line.put(at: start) - start
                        #expect(count <= bound)
                        return String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
                    }
                }
            }
        }
    }

    /// The fields as the JSON format's path writes them, in logfmt.
    func generic(_ c: Case, traceID: (UInt64, UInt64), generated: UInt64) -> String {
        let line = LogLine(format: .logfmt)
        var out: [UInt8] = []
        line.field(&out, "method", c.method)
        line.field(&out, "path", c.path)
        line.field(&out, "status", int: c.status)
        line.field(&out, "duration_ms", milliseconds: c.duration)
        line.field(&out, "bytes", int: c.bytes)
        if let given = c.givenID {
            line.field(&out, "request_id", given)
        } else {
            line.field(&out, "request_id", safe: { TraceContext.appendHex(generated, to: &$0) })
        }
        line.field(&out, "trace_id", safe: {
            TraceContext.appendHex(traceID.0, to: &$0)
            TraceContext.appendHex(traceID.1, to: &$0)
        })
        line.field(&out, "remote", safe: { c.peer.appendHost(to: &$0) })
        if let client = c.clientID { line.field(&out, "client_id", client) }
        if let error = c.error {
            line.field(&out, "error", UnsafeRawBufferPointer(start: error.utf8Start, count: error.utf8CodeUnitCount))
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func theHostIsTheAddressAsTextInEveryFamily() {
        let peers = [
            PeerAddress(family: 4, bytes: (0x0A00_000A, 0), port: 1),
            PeerAddress(family: 6, bytes: (0, 0x0100_0000_0000_0000), port: 1),
            PeerAddress.unknown,
        ]
        for peer in peers {
            let start = UnsafeMutableRawPointer.allocate(byteCount: PeerAddress.hostBound, alignment: 16)
            defer { start.deallocate() }
            let count = peer.puttingHost(at: start) - start
            #expect(String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self) == peer.host)
        }
    }
}
