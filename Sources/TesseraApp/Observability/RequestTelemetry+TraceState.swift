import TesseraHTTP

extension RequestTelemetry {
    /// W3C Trace Context §3.3 lets a vendor stop propagating `tracestate` beyond 512 characters.
    static let maxTraceState = 512

    /// The incoming `tracestate`, kept on the exported span: every field of that name joined with
    /// commas (the specification's way of combining them), blanks around each value trimmed.
    /// Discarded whole when it is longer than `maxTraceState` or holds anything but visible ASCII
    /// and spaces, as the specification asks of a value a vendor cannot parse. Read only for a
    /// sampled request with a valid `traceparent` (the only kind whose span carries it).
    static func traceState(_ request: HTTPRequest) -> [UInt8] {
        var state: [UInt8] = []
        for field in request.fields where field.known == .tracestate {
            var start = field.value.lowerBound
            var end = field.value.upperBound
            while start < end && isBlank(request.bytes[start]) { start += 1 }
            while end > start && isBlank(request.bytes[end - 1]) { end -= 1 }
            guard start < end else { continue }
            guard state.count + (end - start) + 1 <= maxTraceState + 1 else { return [] }
            if !state.isEmpty { state.append(UInt8(ascii: ",")) }
            state.append(contentsOf: request.bytes[start..<end])
        }
        guard state.count <= maxTraceState, state.allSatisfy({ (0x20...0x7E).contains($0) }) else { return [] }
        return state
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
}
