/// What the exporter needs to write one request's spans, filled on the thread that finished the
/// request without allocating: ids, times, status, the route and method as literals, the peer as
/// raw address bytes, the Server-Timing steps inline. The exporter thread turns it into the
/// SERVER span and one INTERNAL child per step (`OTLPTraceEncoder`); all string work is its own.
package struct RequestSpan: Sendable {
    /// The Server-Timing steps, in the contract's vocabulary.
    package static let stepNames: [StaticString] = ["local", "redis", "postgres", "hash", "sign", "verify"]
    package static let maxSteps = 6

    package var traceID: (UInt64, UInt64)
    package var spanID: UInt64
    /// 0 when the trace starts here.
    package var parentSpanID: UInt64
    package var startNanos: UInt64
    package var durationNanos: UInt64
    package var status: Int
    /// `GET`, `POST`, ... or `_OTHER`.
    package var method: StaticString
    /// `/oauth/token`, ...; nil for a path Tessera does not serve (then `path` holds it).
    package var route: StaticString?
    package var path: [UInt8]
    /// 4 or 6 (0: unknown) and the address bytes in network order.
    package var peerFamily: UInt8
    package var peerAddress: (UInt64, UInt64)
    package var clientID: String?
    /// The incoming W3C `tracestate`, carried on the SERVER span as its `trace_state` (empty: none).
    package var traceState: [UInt8] = []
    /// The OAuth error code of an error answer, when it is one of the known ones.
    package var errorType: StaticString?
    /// Steps as (index into `stepNames`, nanoseconds), `stepCount` of them.
    package var steps: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    package var stepOrder: UInt32 = 0
    package var stepCount: Int = 0

    package init(traceID: (UInt64, UInt64), spanID: UInt64, parentSpanID: UInt64, startNanos: UInt64, durationNanos: UInt64,
                 status: Int, method: StaticString, route: StaticString?, path: [UInt8] = [],
                 peerFamily: UInt8 = 0, peerAddress: (UInt64, UInt64) = (0, 0), clientID: String? = nil,
                 errorType: StaticString? = nil) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.startNanos = startNanos
        self.durationNanos = durationNanos
        self.status = status
        self.method = method
        self.route = route
        self.path = path
        self.peerFamily = peerFamily
        self.peerAddress = peerAddress
        self.clientID = clientID
        self.errorType = errorType
    }

    /// Adds a step (ignored beyond six).
    package mutating func addStep(_ index: Int, nanoseconds: UInt64) {
        guard stepCount < Self.maxSteps, index >= 0, index < Self.stepNames.count else { return }
        withUnsafeMutableBytes(of: &steps) { $0.storeBytes(of: nanoseconds, toByteOffset: stepCount * 8, as: UInt64.self) }
        stepOrder |= UInt32(index) << UInt32(4 * stepCount)
        stepCount += 1
    }

    /// Calls `body` with each step in order: (name, nanoseconds).
    package func forEachStep(_ body: (StaticString, UInt64) -> Void) {
        var copy = steps
        withUnsafeBytes(of: &copy) { raw in
            for position in 0..<stepCount {
                let index = Int((stepOrder >> UInt32(4 * position)) & 0xF)
                body(Self.stepNames[index], raw.load(fromByteOffset: position * 8, as: UInt64.self))
            }
        }
    }

    /// Known step name -> index, for the bytes of a Server-Timing entry.
    package static func stepIndex(_ name: UnsafeRawBufferPointer) -> Int? {
        for (index, known) in stepNames.enumerated() where known.utf8CodeUnitCount == name.count {
            if UnsafeRawBufferPointer(start: known.utf8Start, count: known.utf8CodeUnitCount).elementsEqual(name) { return index }
        }
        return nil
    }
}
