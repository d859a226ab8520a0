import TesseraCore
import Glibc
import Synchronization
import TesseraHTTP
import TesseraTelemetry

/// Per-request observability: the request id, the trace context, the access line and the spans.
/// `begin` runs first in `handle`, `finish` once the response is complete (inline, or on the
/// thread that completes a deferred response). Lines go to the log's per-thread buffers and spans
/// to the exporter's queue; neither ever waits.
final class RequestTelemetry: Sendable {
    let accessLog: Atomic<Bool>
    let exporter: SpanExporter?
    /// A new trace is sampled when 64 random bits fall below this.
    let sampleThreshold: UInt64
    let version: String

    /// The record of the request being handled on this thread (set by `begin`), where the
    /// endpoint code notes the client and a deferred path takes its copy from. The record stays
    /// in place between requests and `begin` overwrites it field by field: a `RequestRecord?`
    /// stored, moved out and destroyed whole went through the runtime's value witnesses, with
    /// two copies of the record (callgrind: ~300 instructions a warm request).
    private final class Slot {
        var record = RequestRecord(startedMonotonic: 0, startedWall: 0, requestID: .generated(0),
                                   trace: TraceContext(traceID: RequestTelemetry.undrawnTraceID, parentSpanID: nil, sampled: false),
                                   spanID: 0, peer: .unknown)
        /// Whether `record` is a request's (between `begin` and `finish`).
        var active = false
    }

    private static let slotKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            if let raw { Unmanaged<AnyObject>.fromOpaque(raw).release() }
        }
        return key
    }()

    /// The trace id of a new trace that nothing has read yet.
    static let undrawnTraceID: (UInt64, UInt64) = (0, 0)

    init(accessLog: Bool, exporter: SpanExporter?, sampleRatio: Double, version: String = BuildInfo.version) {
        self.accessLog = Atomic(accessLog)
        self.exporter = exporter
        self.version = version
        sampleThreshold = sampleRatio >= 1 ? UInt64.max : UInt64(max(0, sampleRatio) * 18_446_744_073_709_551_615.0)
    }

    private static var slot: Slot {
        if let raw = pthread_getspecific(slotKey) {
            return Unmanaged<Slot>.fromOpaque(raw).takeUnretainedValue()
        }
        let slot = Slot()
        pthread_setspecific(slotKey, Unmanaged.passRetained(slot as AnyObject).toOpaque())
        return slot
    }

    /// Starts the request's record and puts `X-Request-Id` on the response.
    func begin(_ request: HTTPRequest, started: UInt64, _ response: inout HTTPResponseBuilder) {
        var requestID = RequestRecord.RequestID.generated(FastRandom.next())
        if let given = request.header(.xRequestID), RequestRecord.acceptableRequestID(given) {
            requestID = .given(Array(given))
        }
        var trace: TraceContext
        if let parent = request.header(.traceparent), let context = TraceContext(traceparent: parent) {
            trace = context
        } else if exporter != nil {
            trace = TraceContext(traceID: (FastRandom.next(), FastRandom.next()), parentSpanID: nil,
                                 sampled: FastRandom.next() <= sampleThreshold && sampleThreshold > 0)
        } else {
            // No span will carry it: the new trace's id is drawn only if the access line writes it.
            trace = TraceContext(traceID: Self.undrawnTraceID, parentSpanID: nil, sampled: false)
        }
        // The wall clock start is only a span's: read for a sampled request alone.
        let slot = Self.slot
        slot.record.restart(startedMonotonic: started, startedWall: trace.sampled ? WallClock.nanoseconds() : 0,
                            requestID: requestID, trace: trace, spanID: trace.sampled ? FastRandom.next() : 0,
                            peer: request.client)
        slot.active = true
        slot.record.addHeader(to: &response)
        // Only a continued trace that is exported has a span to carry the caller's trace state.
        if trace.sampled, trace.parentSpanID != nil, exporter != nil { slot.record.traceState = Self.traceState(request) }
    }

    /// The endpoint code names the client that presented credentials.
    static func noteClient(_ id: String) {
        let slot = self.slot
        if slot.active { slot.record.clientID = id }
    }

    /// The code writing the answer notes what it was (its error code, whether the client
    /// authenticated, its steps), for the access line and the span.
    static func note(_ outcome: RequestOutcome) {
        let slot = self.slot
        if slot.active { slot.record.outcome = outcome }
    }

    /// Runs `write` with `record` as this thread's current request (completing a deferred
    /// response, off the thread that began it), and returns the record with what `write` noted.
    static func writing(_ record: RequestRecord?, _ write: () -> Void) -> RequestRecord? {
        let slot = self.slot
        let saved = slot.record
        let wasActive = slot.active
        if let record { slot.record = record }
        slot.active = record != nil
        write()
        let written = slot.active ? slot.record : nil
        slot.record = saved
        slot.active = wasActive
        return written
    }

    /// The current request's record with its method and path copied, for a deferred response.
    static func detach(_ request: HTTPRequest) -> RequestRecord? {
        let slot = self.slot
        guard slot.active else { return nil }
        var record = slot.record
        record.method = Array(UnsafeRawBufferPointer(rebasing: request.bytes[request.head.methodRange]))
        record.path = Array(request.path)
        return record
    }

    /// An inline response is complete (`ended`: the monotonic clock as the handler read it then).
    func finish(_ request: HTTPRequest, endpoint: Endpoint, _ response: HTTPResponseBuilder, ended: UInt64) {
        let slot = Self.slot
        guard slot.active else { return }
        slot.active = false
        // Nothing to write (no access line, no span): the record stays where it is, for `begin`
        // to overwrite.
        guard accessLog.load(ordering: .relaxed) || (exporter != nil && slot.record.trace.sampled) else { return }
        // Read in place (an inout access to the slot's storage), not copied out.
        Self.finishing(&slot.record) { record in
            finish(record, method: UnsafeRawBufferPointer(rebasing: request.bytes[request.head.methodRange]),
                   path: request.path, endpoint: endpoint, response, ended: ended)
        }
    }

    @inline(__always)
    private static func finishing(_ record: inout RequestRecord, _ body: (borrowing RequestRecord) -> Void) {
        body(record)
    }

    /// A deferred response is complete (on the thread completing it, at `ended`).
    func finish(_ record: RequestRecord, endpoint: Endpoint, _ response: HTTPResponseBuilder, ended: UInt64) {
        record.method.withUnsafeBytes { method in
            record.path.withUnsafeBytes { path in
                finish(record, method: method, path: path, endpoint: endpoint, response, ended: ended)
            }
        }
    }

    private func finish(_ record: RequestRecord, method: UnsafeRawBufferPointer, path: UnsafeRawBufferPointer,
                        endpoint: Endpoint, _ response: HTTPResponseBuilder, ended: UInt64) {
        let duration = ended &- record.startedMonotonic
        let error = record.outcome.error
        // The id the request named, authenticated or not: a failed login says who it claimed to be.
        let clientID = record.clientID
        let logged = accessLog.load(ordering: .relaxed)
        // Drawn now when `begin` left it undrawn (ids are never zero: not random ones, not a caller's).
        let traceID = !logged || record.trace.traceID != Self.undrawnTraceID
            ? record.trace.traceID : (FastRandom.next(), FastRandom.next())
        if logged && Log.format == .logfmt {
            AccessLine.log(record, traceID: traceID, method: method, path: path, status: response.status,
                           bytes: response.body.count, duration: duration)
        } else if logged {
            Log.line(.info, message: "request") { line, out in
                line.field(&out, "method", method)
                line.field(&out, "path", path)
                line.field(&out, "status", int: response.status)
                line.field(&out, "duration_ms", milliseconds: duration)
                line.field(&out, "bytes", int: response.body.count)
                switch record.requestID {
                case .generated(let value): line.field(&out, "request_id", safe: { TraceContext.appendHex(value, to: &$0) })
                case .given(let bytes): line.field(&out, "request_id", bytes)
                }
                line.field(&out, "trace_id", safe: {
                    TraceContext.appendHex(traceID.0, to: &$0)
                    TraceContext.appendHex(traceID.1, to: &$0)
                })
                line.field(&out, "remote", safe: { record.peer.appendHost(to: &$0) })
                if let clientID { line.field(&out, "client_id", clientID.utf8) }
                if let error {
                    line.field(&out, "error", UnsafeRawBufferPointer(start: error.utf8Start, count: error.utf8CodeUnitCount))
                }
            }
        }
        if record.trace.sampled, let exporter {
            // The span names the client only once it authenticated (`oauth.client_id` where known).
            let authenticated = record.outcome.authenticated ? clientID : nil
            exporter.submit(span(record, method: method, path: path, endpoint: endpoint, duration: duration,
                                 status: response.status, clientID: authenticated))
        }
    }
}

extension RequestTelemetry {
    /// A request the HTTP layer refused before it reached `handle`: a fresh request id on the
    /// response and an access line without method or path (nothing of the request is trusted).
    func rejected(_ error: HTTPError, peer: PeerAddress, _ response: inout HTTPResponseBuilder) {
        let now = MonotonicClock.now()
        var record = RequestRecord(
            startedMonotonic: now, startedWall: WallClock.nanoseconds(), requestID: .generated(FastRandom.next()),
            trace: TraceContext(traceID: (FastRandom.next(), FastRandom.next()), parentSpanID: nil, sampled: false),
            spanID: 0, peer: peer)
        record.outcome = .http(error)
        record.addHeader(to: &response)
        finish(record, endpoint: .notFound, response, ended: MonotonicClock.now())
    }
}
