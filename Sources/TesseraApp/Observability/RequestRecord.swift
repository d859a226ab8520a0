import TesseraCore
import TesseraHTTP
import TesseraTelemetry

/// What the access line and the span of one request need beyond its response: when it began,
/// its request id, its trace context, and the client it named. Made when the request
/// is parsed; a request answered later (deferred) carries a copy of its method and path.
struct RequestRecord: Sendable {
    enum RequestID: Sendable {
        /// 64 random bits, written as 16 hex digits.
        case generated(UInt64)
        /// The caller's `X-Request-Id` (1 to 128 visible ASCII characters).
        case given([UInt8])
    }

    var startedMonotonic: UInt64
    /// Read only for a sampled request (its span's start); 0 otherwise.
    var startedWall: UInt64
    var requestID: RequestID
    var trace: TraceContext
    /// Our SERVER span (when sampled).
    var spanID: UInt64
    var peer: PeerAddress
    /// The client id the request named: in every access line, in the span once it authenticated.
    var clientID: String?
    /// What the answer was, noted by the code that wrote it.
    var outcome = RequestOutcome()
    /// What few requests carry, in one optional: most requests make and destroy none of its
    /// arrays (three empty arrays cost ~150 instructions a request to destroy, callgrind).
    var detail: Detail?

    struct Detail: Sendable {
        var traceState: [UInt8] = []
        var method: [UInt8] = []
        var path: [UInt8] = []
    }

    /// The incoming `tracestate` of a sampled request, for its span (empty: none).
    var traceState: [UInt8] {
        get { detail?.traceState ?? [] }
        set { detail = detail ?? Detail(); detail!.traceState = newValue }
    }

    /// Copies of the request line's method and path, for a response completed after `handle`.
    var method: [UInt8] {
        get { detail?.method ?? [] }
        set { detail = detail ?? Detail(); detail!.method = newValue }
    }

    var path: [UInt8] {
        get { detail?.path ?? [] }
        set { detail = detail ?? Detail(); detail!.path = newValue }
    }

    /// Makes this the record of a new request, field by field in place (`RequestTelemetry.begin`):
    /// what the last request noted is dropped.
    mutating func restart(startedMonotonic: UInt64, startedWall: UInt64, requestID: RequestID, trace: TraceContext,
                          spanID: UInt64, peer: PeerAddress) {
        self.startedMonotonic = startedMonotonic
        self.startedWall = startedWall
        self.requestID = requestID
        self.trace = trace
        self.spanID = spanID
        self.peer = peer
        if clientID != nil { clientID = nil }
        outcome = RequestOutcome()
        if detail != nil { detail = nil }
    }

    /// `X-Request-Id` when it is 1 to 128 visible ASCII characters, else nil.
    static func acceptableRequestID(_ value: UnsafeRawBufferPointer) -> Bool {
        guard (1...128).contains(value.count) else { return false }
        for byte in value where byte < 0x21 || byte > 0x7E { return false }
        return true
    }

    func appendRequestID(to out: inout [UInt8]) {
        switch requestID {
        case .generated(let value): TraceContext.appendHex(value, to: &out)
        case .given(let bytes): out.append(contentsOf: bytes)
        }
    }

    /// `X-Request-Id: ...` on the response. A generated id's whole line (14 + 16 + 2 bytes) is
    /// stored in four words on the stack and appended in one copy (the name through
    /// `String.utf8` and three more appends cost ~380 instructions per request, callgrind).
    func addHeader(to response: inout HTTPResponseBuilder) {
        let value: UInt64
        switch requestID {
        case .given(let bytes):
            response.addHeader("X-Request-Id", bytes)
            return
        case .generated(let generated):
            value = generated
        }
        var line: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &line) { raw in
            let start = raw.baseAddress!
            response.headers.append(storedFrom: start, to: start.putting("X-Request-Id: ").puttingHex(value).putting("\r\n"))
        }
    }
}
