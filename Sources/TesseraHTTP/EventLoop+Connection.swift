import CLinux
import Glibc

extension EventLoop {
    func serviceEvent(_ connection: Connection, events: UInt32) {
        if events & EPOLLERR.rawValue != 0 {
            close(connection)
            return
        }
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 {
            if events & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 { connection.finReceived = true }
            readAndServe(connection)
        } else if events & EPOLLOUT.rawValue != 0, connection.hasPendingOutput {
            flush(connection)
            if connection.isBacklogged || connection.deferred || connection.closing {
                settle(connection, progressed: true)
            } else {
                // The peer caught up with its responses: serve what was held back, read on.
                readAndServe(connection, progressed: true)
            }
        }
    }

    /// Reads what the socket has, serves every complete request in order, writes the responses.
    /// A peer that does not read its responses gets no more served (nor read) while they pile up.
    func readAndServe(_ connection: Connection, progressed alreadyProgressed: Bool = false) {
        var progressed = alreadyProgressed
        if serveRequests(connection) { progressed = true }
        while true {
            readAvailable(connection, progressed: &progressed)
            guard connections[Int(connection.fd)] === connection else { return }
            let backlogged = connection.isBacklogged
            flush(connection)
            // Stopped only because responses piled up, and the socket took them all: go on.
            guard backlogged, !connection.isBacklogged, !connection.deferred, !connection.closing else { break }
            if serveRequests(connection) { progressed = true }
        }
        settle(connection, progressed: progressed)
    }

    private func readAvailable(_ connection: Connection, progressed: inout Bool) {
        while !connection.deferred && !connection.closing && !connection.peerClosed && !connection.isBacklogged {
            guard connection.reserveSpace(limit: limits.maxBufferBytes) else { break }
            let space = connection.capacity - connection.count
            let n = read(connection.fd, connection.input! + connection.count, space)
            if n > 0 {
                connection.count += n
                if serveRequests(connection) { progressed = true }
                // A short read drained the socket, unless the peer's FIN is still to be read:
                // with edge triggering no further event would report it.
                if n < space && !connection.finReceived { break }
            } else if n == 0 {
                connection.peerClosed = true
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                close(connection)
                return
            }
        }
    }

    /// Parses and answers requests at the front of the buffer until one is incomplete or
    /// deferred. Returns whether at least one request was answered.
    @discardableResult
    func serveRequests(_ connection: Connection) -> Bool {
        var served = false
        while !connection.deferred && !connection.closing && !connection.isBacklogged && connection.hasPartialRequest {
            let base = connection.input! + connection.start
            let available = connection.count - connection.start
            let bytes = UnsafeRawBufferPointer(start: base, count: available)
            let head: HTTPRequestHead
            switch parser.parseHead(bytes, fields: &fields) {
            case .incomplete:
                return served
            case .invalid(let error):
                respondWithError(connection, error)
                return served
            case .complete(let parsed):
                head = parsed
            }
            var bodyLength = 0
            var consumed = head.length
            if head.chunked {
                let encoded = UnsafeRawBufferPointer(start: base + head.length, count: available - head.length)
                switch ChunkedBody.scan(encoded, maxDecoded: limits.maxBodyBytes, maxEncoded: limits.maxEncodedBodyBytes) {
                case .incomplete:
                    sendContinueIfExpected(connection, head)
                    return served
                case .invalid(let error):
                    respondWithError(connection, error)
                    return served
                case let .complete(encodedLength, _):
                    bodyLength = ChunkedBody.decodeInPlace(UnsafeMutableRawBufferPointer(start: base + head.length, count: encodedLength))
                    consumed += encodedLength
                }
            } else if let length = head.contentLength, length > 0 {
                guard length <= limits.maxBodyBytes else {
                    respondWithError(connection, .bodyTooLarge)
                    return served
                }
                guard available - head.length >= length else {
                    sendContinueIfExpected(connection, head)
                    return served
                }
                bodyLength = length
                consumed += length
            }
            connection.continueSent = false
            writer.reset()
            let request = HTTPRequest(
                head: head, bytes: bytes, fields: fields,
                body: UnsafeRawBufferPointer(start: base + head.length, count: bodyLength),
                deferralSource: DeferralSource(loop: self, fd: connection.fd, generation: connection.generation),
                peer: connection.peer)
            let result = handler.handle(request, &writer)
            connection.start += consumed
            served = true
            if case .deferred = result {
                connection.deferred = true
                return served
            }
            let keepAlive = head.keepAlive && !writer.closeConnection && !draining
            writer.serialize(into: &connection.output, keepAlive: keepAlive, minorVersion: head.minorVersion,
                             omitBody: head.method == .head, date: date.line)
            if !keepAlive { connection.closing = true }
        }
        return served
    }

    private func sendContinueIfExpected(_ connection: Connection, _ head: HTTPRequestHead) {
        guard head.expectContinue, !connection.continueSent, head.minorVersion == 1 else { return }
        connection.continueSent = true
        HTTPResponseWriter.appendBytes("HTTP/1.1 100 Continue\r\n\r\n", to: &connection.output)
    }

    /// A request the parser refused: answer it and close once written (RFC 9112 §2.2).
    func respondWithError(_ connection: Connection, _ error: HTTPError) {
        var response = HTTPResponseWriter.errorResponse(for: error)
        handler.rejected(error, peer: connection.peer, &response)
        response.serialize(into: &connection.output, keepAlive: false, minorVersion: 1, omitBody: false, date: date.line)
        connection.closing = true
        connection.start = connection.count
    }

    /// A deferred response arrived from another thread: write it, then serve what was pipelined
    /// behind it.
    func resume(_ connection: Connection, with response: HTTPResponseWriter, keepAlive: Bool,
                minorVersion: Int, omitBody: Bool) {
        connection.deferred = false
        let keep = keepAlive && !response.closeConnection && !draining
        response.serialize(into: &connection.output, keepAlive: keep, minorVersion: minorVersion,
                           omitBody: omitBody, date: date.line)
        if !keep { connection.closing = true }
        if !connection.closing {
            serveRequests(connection)
            // The socket may have become readable while the response was pending.
            if !connection.deferred && !connection.closing {
                readAndServe(connection)
                return
            }
        }
        flush(connection)
        settle(connection, progressed: true)
    }

    /// Writes as much pending output as the socket takes.
    func flush(_ connection: Connection) {
        while connection.hasPendingOutput {
            let n = connection.output.withUnsafeBytes { raw in
                send(connection.fd, raw.baseAddress! + connection.sent, raw.count - connection.sent, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                connection.sent += n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return
            } else {
                connection.closing = true
                connection.peerClosed = true
                connection.output.removeAll()
                connection.sent = 0
                return
            }
        }
        connection.releaseOutputIfSent()
    }

    /// After I/O: closes what is finished, and puts the connection on the right timer list.
    func settle(_ connection: Connection, progressed: Bool) {
        guard connections[Int(connection.fd)] === connection else { return }
        if connection.deferred {
            setTimer(connection, .none, now: 0)
            return
        }
        if connection.hasPendingOutput {
            if progressed || connection.timer != .idle { setTimer(connection, .idle, now: now) }
            return
        }
        if connection.closing || connection.peerClosed || (draining && isQuiet(connection)) {
            close(connection)
            return
        }
        if connection.hasPartialRequest {
            if connection.timer != .request || progressed { setTimer(connection, .request, now: now) }
        } else {
            connection.releaseInputIfEmpty()
            if connection.timer != .idle || progressed { setTimer(connection, .idle, now: now) }
        }
    }
}
