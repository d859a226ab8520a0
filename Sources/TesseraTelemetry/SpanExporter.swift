import TesseraCore
import Dispatch
import Glibc
import Synchronization

/// Sends finished spans to an OTLP/HTTP collector from a thread of its own. `submit` never
/// waits: spans go into a bounded queue, and when it is full they are dropped and counted. The
/// exporter thread takes the queue in batches, encodes and posts each; a batch the collector
/// does not take (down, slow past the timeout, 4xx/5xx, closing mid-answer) is dropped and
/// counted too, and the failure reported at most once a minute.
package final class SpanExporter: @unchecked Sendable {
    // @unchecked: the queue and thread are `Locked`, the counts atomic; the encoder runs on the exporter thread only.
    package struct Options: Sendable {
        /// Requests (each one SERVER span and its children) queued at most.
        package var capacity = 8_192
        package var batchSize = 512
        package var interval: Duration = .milliseconds(500)
        package var timeout: Duration = .seconds(2)
        package var reportEvery: Duration = .seconds(60)

        package init() {}
    }

    package let endpoint: OTLPEndpoint
    private let encoder: OTLPTraceEncoder
    private let options: Options
    private let report: @Sendable (String) -> Void
    // A pthread mutex (`Locked`): I/O threads and the exporter contend for it, and
    // ThreadSanitizer does not see `Synchronization.Mutex`'s contended path.
    private let queue = Locked<[RequestSpan]>([])
    private let wakeup = DispatchSemaphore(value: 0)
    private let running = Atomic<Bool>(false)
    private let thread = Locked<pthread_t?>(nil)
    private let exportedCount = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)
    private var lastReport: MonotonicInstant?

    package init(endpoint: OTLPEndpoint, encoder: OTLPTraceEncoder, options: Options = Options(),
                 report: @escaping @Sendable (String) -> Void) {
        self.endpoint = endpoint
        self.encoder = encoder
        self.options = options
        self.report = report
        queue.withLock { $0.reserveCapacity(options.capacity) }
    }

    package var exported: Int { exportedCount.load(ordering: .relaxed) }
    package var dropped: Int { droppedCount.load(ordering: .relaxed) }

    /// Queues the spans of one request, or drops them when the queue is full.
    package func submit(_ request: RequestSpan) {
        let size: Int? = queue.withLock { queued in
            guard queued.count < options.capacity else { return nil }
            queued.append(request)
            return queued.count
        }
        guard let size else {
            droppedCount.add(1 + request.stepCount, ordering: .relaxed)
            return
        }
        // Wake the exporter once per full batch rather than on every request.
        if size == options.batchSize { wakeup.signal() }
    }

    package func start() {
        thread.withLock { current in
            guard current == nil else { return }
            running.store(true, ordering: .releasing)
            let exporter = self
            current = BackgroundThread.start { exporter.run() }
        }
    }

    /// Stops the thread after one last attempt to send what is queued.
    package func stop() {
        let current: pthread_t? = thread.withLock { current in
            defer { current = nil }
            return current
        }
        guard let current else { return }
        running.store(false, ordering: .releasing)
        wakeup.signal()
        pthread_join(current, nil)
    }

    private func run() {
        var writer = ProtobufWriter(capacity: 256 << 10)
        var batch: [RequestSpan] = []
        batch.reserveCapacity(options.capacity)
        while running.load(ordering: .acquiring) {
            _ = wakeup.wait(timeout: .now() + .nanoseconds(Int(options.interval.nanoseconds)))
            flush(&batch, &writer)
        }
        flush(&batch, &writer)
    }

    private func flush(_ batch: inout [RequestSpan], _ writer: inout ProtobufWriter) {
        queue.withLock { swap(&$0, &batch) }
        var start = 0
        while start < batch.count {
            let end = min(batch.count, start + options.batchSize)
            writer.bytes.removeAll(keepingCapacity: true)
            encoder.encode(batch[start..<end], into: &writer)
            do {
                try OTLPHTTPClient.post(writer.bytes, to: endpoint, timeout: options.timeout)
                exportedCount.add(Self.spanCount(batch[start..<end]), ordering: .relaxed)
            } catch {
                // The collector is not taking spans: drop the rest of this round too rather than
                // wait out the timeout once per batch.
                droppedCount.add(Self.spanCount(batch[start...]), ordering: .relaxed)
                let now = MonotonicInstant.now()
                if lastReport.map({ now.duration(since: $0) >= options.reportEvery }) ?? true {
                    lastReport = now
                    report(error.description)
                }
                break
            }
            start = end
        }
        batch.removeAll(keepingCapacity: true)
    }

    static func spanCount(_ requests: ArraySlice<RequestSpan>) -> Int {
        requests.reduce(0) { $0 + 1 + $1.stepCount }
    }
}
