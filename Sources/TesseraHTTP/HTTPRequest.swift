import Glibc

/// The request a handler sees: a view over the connection's read buffer, valid only for the
/// duration of the `handle` call. Nothing in it is copied; a handler that needs a value after it
/// returns (a deferred response) copies what it needs first.
package struct HTTPRequest {
    package let head: HTTPRequestHead
    /// The bytes of the request, starting at its request line.
    package let bytes: UnsafeRawBufferPointer
    package let fields: [HTTPHeaderField]
    /// The body, already de-chunked.
    package let body: UnsafeRawBufferPointer
    let deferralSource: DeferralSource?
    /// The connection's remote address.
    package let peer: PeerAddress
    /// The client's address: the peer, or for a peer in `server.trusted_proxies` the client it
    /// forwards for (`ForwardedFor`). `remote` in the access log, `client.address` in spans, the
    /// source address of the failure limits.
    package let client: PeerAddress
    /// The connection's TLS session (HTTPS listener); nil for plain HTTP.
    package let tls: TLSConnection?
    /// The peer is a trusted proxy (`server.trusted_proxies`); see `clientCertificate()`.
    package let fromTrustedProxy: Bool

    package init(head: HTTPRequestHead, bytes: UnsafeRawBufferPointer, fields: [HTTPHeaderField],
                 body: UnsafeRawBufferPointer, deferralSource: DeferralSource? = nil, peer: PeerAddress = .unknown,
                 tls: TLSConnection? = nil, fromTrustedProxy: Bool = false, client: PeerAddress? = nil) {
        self.head = head
        self.peer = peer
        self.client = client ?? peer
        self.tls = tls
        self.fromTrustedProxy = fromTrustedProxy
        self.bytes = bytes
        self.fields = fields
        self.body = body
        self.deferralSource = deferralSource
    }

    package var method: HTTPMethod { head.method }

    /// The path part of the request target (before any `?`).
    package var path: UnsafeRawBufferPointer {
        let target = head.target
        // memchr for the '?': read on routing and again for the access line and metrics, a
        // byte loop cost ~50 instructions each time (callgrind).
        guard !target.isEmpty, let base = bytes.baseAddress,
              let mark = memchr(base + target.lowerBound, Int32(UInt8(ascii: "?")), target.count)
        else { return UnsafeRawBufferPointer(rebasing: bytes[target]) }
        return UnsafeRawBufferPointer(rebasing: bytes[target.lowerBound..<base.distance(to: UnsafeRawPointer(mark))])
    }

    /// Whether `bytes` are exactly `literal`'s: one memcmp (the generic `elementsEqual` cost ~120
    /// instructions per compare).
    @inline(__always)
    package static func bytes(_ bytes: UnsafeRawBufferPointer, equal literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        guard let base = bytes.baseAddress else { return true }
        return memcmp(base, literal.utf8Start, bytes.count) == 0
    }

    /// The value of the first field named `name` (recognised by the parser, case-insensitively).
    @inline(__always)
    package func header(_ name: HTTPFieldName) -> UnsafeRawBufferPointer? {
        guard let index = head.knownFields.index(of: name) else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[fields[index].value])
    }

    /// Whether more than one field is named `name`: a credential header must not repeat.
    @inline(__always)
    package func headerRepeats(_ name: HTTPFieldName) -> Bool {
        head.knownFields.repeats(name)
    }

    /// The values of every field named `name`, in order (a list field sent on several lines).
    package func headers(_ name: HTTPFieldName) -> some Sequence<UnsafeRawBufferPointer> {
        fields.lazy.filter { $0.known == name }.map { UnsafeRawBufferPointer(rebasing: bytes[$0.value]) }
    }

    /// Takes over the response: the handler returns `.deferred` and later calls `complete` on
    /// the deferral, from any thread. The connection reads nothing further until then, so
    /// pipelined responses stay in order. Returns nil when the request is not served by a loop
    /// (unit tests calling a handler directly).
    package func deferResponse() -> HTTPDeferral? {
        deferralSource.map { $0.make(head) }
    }
}

/// Creates deferrals bound to one connection of one event loop.
package struct DeferralSource {
    let loop: EventLoop
    let fd: Int32
    let generation: UInt64

    func make(_ head: HTTPRequestHead) -> HTTPDeferral {
        HTTPDeferral(loop: loop, fd: fd, generation: generation, head: head)
    }
}

package enum HTTPHandlerResult {
    case responded
    case deferred
}

/// The application: one call per request, on the I/O thread that owns the connection.
package protocol HTTPHandler: Sendable {
    func handle(_ request: HTTPRequest, _ response: inout HTTPResponseBuilder) -> HTTPHandlerResult

    /// The HTTP layer is about to answer a request it refused (400, 413, 431) with `response`;
    /// the application may add header fields and record it. Default: nothing.
    func rejected(_ error: HTTPError, peer: PeerAddress, _ response: inout HTTPResponseBuilder)
}

extension HTTPHandler {
    package func rejected(_ error: HTTPError, peer: PeerAddress, _ response: inout HTTPResponseBuilder) {}
}
