import Testing
@testable import TesseraHTTP

/// `scan` resumed with a `Progress` across reads: the same answers as a scan of the whole, in
/// work linear in the body (11,000 one-byte chunks used to be rescanned on every read).
@Suite struct ChunkedBodyProgressTests {
    /// Feeds `encoded` `step` bytes at a time to one resumed scan; returns every result and the
    /// bytes examined in all.
    static func feed(_ encoded: [UInt8], step: Int, maxDecoded: Int = 1 << 20,
                     maxEncoded: Int = 1 << 22) -> (results: [ChunkedBody.ScanResult], examined: Int) {
        var progress = ChunkedBody.Progress()
        var results: [ChunkedBody.ScanResult] = []
        var length = 0
        while length < encoded.count {
            length = min(encoded.count, length + step)
            let result = encoded.withUnsafeBytes {
                ChunkedBody.scan(UnsafeRawBufferPointer(rebasing: $0[0..<length]), maxDecoded: maxDecoded,
                                 maxEncoded: maxEncoded, progress: &progress)
            }
            results.append(result)
            if result != .incomplete { break }
        }
        return (results, progress.examined)
    }

    @Test(arguments: validChunkedBodies, [1, 2, 7])
    func aResumedScanAgreesWithTheWholeScan(_ body: ChunkedCase, step: Int) {
        let (results, _) = Self.feed(body.encoded, step: step)
        #expect(results.dropLast().allSatisfy { $0 == .incomplete })
        #expect(results.last == .complete(encodedLength: body.encoded.count, decodedLength: body.decoded.count))
    }

    @Test(arguments: ChunkedBodyTests.invalidBodies, [1, 3])
    func aResumedScanRefusesWhatTheWholeScanRefuses(_ body: ChunkedCase, step: Int) {
        let (results, _) = Self.feed(body.encoded, step: step)
        guard case .invalid(let error)? = results.last else {
            Issue.record("not refused: \(String(describing: results.last))")
            return
        }
        #expect(error.status == body.status, "\(error)")
    }

    @Test func theEncodedLimitHoldsHoweverTheBytesArrive() {
        let framing = Array(String(repeating: "1;padding-padding\r\nx\r\n", count: 100).utf8)
        #expect(Self.feed(framing, step: 5, maxDecoded: 1000, maxEncoded: 1000).results.last == .invalid(.bodyTooLarge))
        #expect(Self.feed(framing, step: 5, maxDecoded: 1000, maxEncoded: 4096).results.last == .incomplete)
    }

    /// 11,000 one-byte chunks arriving one byte per read: every byte is looked at a small constant
    /// number of times (only an unfinished line is looked at again), not once per read.
    @Test(arguments: [1, 3, 64])
    func thousandsOfOneByteChunksAreScannedInLinearWork(step: Int) {
        let encoded = Array((String(repeating: "1\r\nx\r\n", count: 11_000) + "0\r\n\r\n").utf8)
        let (results, examined) = Self.feed(encoded, step: step)
        #expect(results.last == .complete(encodedLength: encoded.count, decodedLength: 11_000))
        #expect(examined <= 3 * encoded.count, "examined \(examined) bytes for a body of \(encoded.count)")
    }

    /// A line arriving a byte at a time is looked at again on each read, but a line is at most
    /// `maxLineLength` long, so the work stays within that factor.
    @Test func aLongExtensionLineArrivingByteByByteIsBoundedByTheLineLength() {
        let line = "5;" + String(repeating: "e", count: 1000) + "\r\nhello\r\n"
        let encoded = Array((String(repeating: line, count: 4) + "0\r\n\r\n").utf8)
        let (results, examined) = Self.feed(encoded, step: 1)
        #expect(results.last == .complete(encodedLength: encoded.count, decodedLength: 20))
        #expect(examined <= ChunkedBody.maxLineLength * encoded.count)
    }
}
