import TesseraCore
import TesseraHTTP
import TesseraTelemetry

/// The access line in logfmt (the default format), stored field by field with pointer stores
/// into the log buffer's scratch memory and added to the thread's lines in one copy. The bytes
/// are those `LogLine` writes (the JSON format still goes through it): its ~40 array appends and
/// the closures of its hex and address fields cost ~5,400 instructions a line (callgrind).
struct AccessLine {
    var method: UnsafeRawBufferPointer
    var path: UnsafeRawBufferPointer
    var status: Int
    var durationNanos: UInt64
    var bytes: Int
    var traceID: (UInt64, UInt64)
    var peer: PeerAddress
    var error: StaticString?
    /// A generated request id (16 hex digits), unless `givenID` is set.
    var generatedID: UInt64 = 0
    var givenID: UnsafeRawBufferPointer? = nil
    var clientID: UnsafeRawBufferPointer? = nil

    /// Logs the line of `record`, answered with `status` and a body of `bytes`.
    static func log(_ record: RequestRecord, traceID: (UInt64, UInt64), method: UnsafeRawBufferPointer, path: UnsafeRawBufferPointer,
                    status: Int, bytes: Int, duration: UInt64) {
        var line = AccessLine(method: method, path: path, status: status, durationNanos: duration, bytes: bytes,
                              traceID: traceID, peer: record.peer, error: record.outcome.error)
        switch record.requestID {
        case .generated(let value):
            line.generatedID = value
            line.log(clientID: record.clientID)
        case .given(let id):
            id.withUnsafeBytes { id in
                line.givenID = id
                line.log(clientID: record.clientID)
            }
        }
    }

    private func log(clientID: String?) {
        guard let clientID else { return write() }
        var line = self
        let done: Void? = clientID.utf8.withContiguousStorageIfAvailable { id in
            line.clientID = UnsafeRawBufferPointer(id)
            line.write()
        }
        if done == nil {
            Array(clientID.utf8).withUnsafeBytes { id in
                line.clientID = id
                line.write()
            }
        }
    }

    private func write() {
        // A closure literal, not the method `put` passed as a value: that partial application
        // boxed a copy of this line on the heap for every request (callgrind: ~280 instructions).
        Log.putLogfmtLine(.info, message: "request", bound: bound) { put(at: $0) }
    }

    /// The most bytes `put` stores: the keys, three 20-digit numbers with the duration's
    /// fraction, the ids and the address, and each escaped value at its longest.
    var bound: Int {
        var bound = 256 + LogEscaping.logfmtBound(method.count) + LogEscaping.logfmtBound(path.count)
        if let givenID { bound += LogEscaping.logfmtBound(givenID.count) }
        if let clientID { bound += LogEscaping.logfmtBound(clientID.count) }
        if let error { bound += LogEscaping.logfmtBound(error.utf8CodeUnitCount) }
        return bound
    }

    /// ` method=POST path=/oauth/token status=200 duration_ms=0.042 bytes=612 request_id=...
    /// trace_id=... remote=127.0.0.1` and, when known, ` client_id=...` and ` error=...`.
    func put(at start: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        var at = LogEscaping.puttingLogfmtValue(method, at: start.putting(" method="))
        at = LogEscaping.puttingLogfmtValue(path, at: at.putting(" path="))
        at = Self.puttingInteger(status, at: at.putting(" status="))
        let micros = (durationNanos + 500) / 1000
        at = Self.puttingInteger(Int(micros / 1000), at: at.putting(" duration_ms=")).putting(byte: UInt8(ascii: "."))
        let fraction = UInt8(truncatingIfNeeded: micros % 1000)
        at = at.putting(byte: UInt8(ascii: "0") + fraction / 100).putting(byte: UInt8(ascii: "0") + fraction / 10 % 10)
            .putting(byte: UInt8(ascii: "0") + fraction % 10)
        at = Self.puttingInteger(bytes, at: at.putting(" bytes="))
        at = at.putting(" request_id=")
        if let givenID { at = LogEscaping.puttingLogfmtValue(givenID, at: at) } else { at = at.puttingHex(generatedID) }
        at = at.putting(" trace_id=").puttingHex(traceID.0).puttingHex(traceID.1)
        at = peer.puttingHost(at: at.putting(" remote="))
        if let clientID { at = LogEscaping.puttingLogfmtValue(clientID, at: at.putting(" client_id=")) }
        if let error {
            at = LogEscaping.puttingLogfmtValue(UnsafeRawBufferPointer(start: error.utf8Start, count: error.utf8CodeUnitCount),
                                                at: at.putting(" error="))
        }
        return at
    }

    /// An integer as `LogLine.field(_:_:int:)` writes it: a `-` before a negative one.
    private static func puttingInteger(_ value: Int, at: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        value < 0 ? at.putting(byte: UInt8(ascii: "-")).puttingDecimal(value) : at.puttingDecimal(value)
    }
}
