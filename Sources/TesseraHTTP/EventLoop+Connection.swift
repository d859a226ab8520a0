import CLinux
import Glibc

extension EventLoop {
    /// An epoll event on a connection, handed to its state machine.
    func serviceEvent(_ connection: Connection, events: UInt32) {
        if events & EPOLLERR.rawValue != 0 {
            handle(connection, .socketError)
        } else if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 {
            handle(connection, .readable(finReported: events & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0))
        } else if events & EPOLLOUT.rawValue != 0 {
            handle(connection, .writable)
        }
    }

    /// Gives `event` to the connection's state machine and carries out the actions it returns,
    /// reporting each outcome back, until it waits or closes. The only place a connection's
    /// state changes; the I/O itself is in EventLoop+Transport.swift.
    func handle(_ connection: Connection, _ event: ConnectionStateMachine.Event) {
        var action = connection.machine.handle(event, connection.buffers, now: now)
        while true {
            let outcome: ConnectionStateMachine.Event
            switch action {
            case .handshake:
                outcome = handshake(connection)
            case .read:
                outcome = receive(connection)
            case .serve:
                outcome = serveRequest(connection)
            case .sendContinue:
                connection.output.append("HTTP/1.1 100 Continue\r\n\r\n")
                outcome = .continueQueued
            case .flush:
                outcome = transmit(connection)
            case .wait(let change):
                applyTimer(connection, change)
                return
            case .waitForRequest(let change):
                connection.releaseInputIfEmpty()
                applyTimer(connection, change)
                return
            case .close:
                close(connection)
                return
            case .none:
                return
            }
            action = connection.machine.handle(outcome, connection.buffers, now: now)
        }
    }

    /// Parses the request at the front of the buffer and answers it (or hands it to a handler
    /// that answers later).
    private func serveRequest(_ connection: Connection) -> ConnectionStateMachine.Event {
        let base = connection.input! + connection.start
        let available = connection.count - connection.start
        let bytes = UnsafeRawBufferPointer(start: base, count: available)
        let head: HTTPRequestHead
        if let parsed = connection.pendingHead {
            head = parsed
            swap(&fields, &connection.pendingFields)
        } else {
            parsedHeads &+= 1
            switch parser.parseHead(bytes, fields: &fields) {
            case .incomplete:
                return .incomplete(expectsContinue: false)
            case .invalid(let error):
                return refuse(connection, error)
            case .complete(let parsed):
                head = parsed
            }
        }
        let expectsContinue = head.expectContinue && head.minorVersion == 1
        var bodyLength = 0
        var consumed = head.length
        if head.chunked {
            let encoded = UnsafeRawBufferPointer(start: base + head.length, count: available - head.length)
            switch ChunkedBody.scan(encoded, maxDecoded: limits.maxBodyBytes, maxEncoded: limits.maxEncodedBodyBytes,
                                    progress: &connection.chunkedProgress) {
            case .incomplete:
                return awaitBody(connection, head, expectsContinue: expectsContinue)
            case .invalid(let error):
                return refuse(connection, error)
            case let .complete(encodedLength, _):
                bodyLength = ChunkedBody.decodeInPlace(UnsafeMutableRawBufferPointer(start: base + head.length, count: encodedLength))
                consumed += encodedLength
            }
        } else if let length = head.contentLength, length > 0 {
            guard length <= limits.maxBodyBytes else { return refuse(connection, .bodyTooLarge) }
            guard available - head.length >= length else {
                return awaitBody(connection, head, expectsContinue: expectsContinue)
            }
            bodyLength = length
            consumed += length
        }
        connection.chunkedProgress = ChunkedBody.Progress()
        if connection.pendingHead != nil { forgetPendingHead(connection) }
        writer.reset()
        // Only a trusted proxy's forwarding headers are read; everyone else is its own client.
        let client = connection.fromTrustedProxy
            ? ForwardedFor.client(fields: fields, bytes: bytes, peer: connection.peer, trusted: security.trustedProxies)
            : connection.peer
        let request = HTTPRequest(
            head: head, bytes: bytes, fields: fields,
            body: UnsafeRawBufferPointer(start: base + head.length, count: bodyLength),
            deferralSource: DeferralSource(loop: self, fd: connection.fd, generation: connection.generation),
            peer: connection.peer, tls: connection.tls, fromTrustedProxy: connection.fromTrustedProxy, client: client)
        let result = handler.handle(request, &writer)
        connection.start += consumed
        if case .deferred = result { return .deferred }
        let keepAlive = connection.machine.keepsAlive(head.keepAlive && !writer.closeConnection && !closingAfterResponses)
        writer.serialize(into: &connection.output, keepAlive: keepAlive, minorVersion: head.minorVersion,
                         omitBody: head.method == .head, date: date.line)
        return .answered(keepAlive: keepAlive)
    }

    /// The head is whole, the body is not: keep the parsed head (and its fields) for the next read.
    private func awaitBody(_ connection: Connection, _ head: HTTPRequestHead,
                           expectsContinue: Bool) -> ConnectionStateMachine.Event {
        connection.pendingHead = head
        swap(&fields, &connection.pendingFields)
        return .incomplete(expectsContinue: expectsContinue)
    }

    private func forgetPendingHead(_ connection: Connection) {
        connection.pendingHead = nil
        connection.pendingFields = []
    }

    /// A request the parser refused: answer it; the connection closes once that is written
    /// (RFC 9112 §2.2). The handler may add to the answer (a request id) and log it.
    private func refuse(_ connection: Connection, _ error: HTTPError) -> ConnectionStateMachine.Event {
        if connection.pendingHead != nil { forgetPendingHead(connection) }
        var response = HTTPResponseBuilder.errorResponse(for: error)
        handler.rejected(error, peer: connection.peer, &response)
        response.serialize(into: &connection.output, keepAlive: false, minorVersion: 1, omitBody: false, date: date.line)
        connection.start = connection.count
        return .refused
    }

    /// A deferred response arrived from another thread: queue it, then serve what was pipelined
    /// behind it.
    func resume(_ connection: Connection, with response: HTTPResponseBuilder, keepAlive: Bool,
                minorVersion: Int, omitBody: Bool) {
        let keep = connection.machine.keepsAlive(keepAlive && !response.closeConnection && !closingAfterResponses)
        response.serialize(into: &connection.output, keepAlive: keep, minorVersion: minorVersion,
                           omitBody: omitBody, date: date.line)
        handle(connection, .responseReady(keepAlive: keep))
    }
}
