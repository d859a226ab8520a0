import Dispatch
import Foundation

/// Re-reads the keys every `interval` seconds (`KeyRotationPolicy.refreshSeconds`), and at the exact
/// second a key activates or retires or the schedule makes one, so rotation takes effect without a
/// SIGHUP. `check` does the work and
/// returns the next scheduled change (unix seconds) or nil.
final class KeyWatcher: @unchecked Sendable {
    // @unchecked: `timer` is only touched on `queue`.
    private let queue = DispatchQueue(label: "tessera.keys", qos: .utility)
    private let check: @Sendable () -> Int64?
    private let interval: Int64
    private var timer: DispatchSourceTimer?
    /// Bumped per scheduled timer, so a superseded timer's late event does nothing.
    private var generation = 0

    init(interval: Int64 = KeyRotationPolicy.pollSeconds, check: @escaping @Sendable () -> Int64?) {
        self.interval = max(1, interval)
        self.check = check
    }

    /// Starts watching; the first check runs after one interval (the state was just built).
    func start(nextChange: Int64?) {
        queue.async { self.schedule(nextChange: nextChange) }
    }

    /// Plans the next check anew (after a SIGHUP read a new key set).
    func reschedule(nextChange: Int64?) {
        queue.async {
            guard self.timer != nil else { return }
            self.schedule(nextChange: nextChange)
        }
    }

    /// Checks at once (another node made or removed a key), then plans the next check.
    func checkNow() {
        queue.async {
            guard self.timer != nil else { return }
            self.schedule(nextChange: self.check())
        }
    }

    func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
            generation += 1
        }
    }

    private func schedule(nextChange: Int64?) {
        let now = Date().timeIntervalSince1970
        var delay = Double(interval)
        if let nextChange {
            // A few milliseconds into the second, so that time(nil) has reached it.
            delay = min(delay, max(0, Double(nextChange) - now) + 0.02)
        }
        generation += 1
        let mine = generation
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + delay, leeway: .milliseconds(10))
        timer.setEventHandler { [weak self] in
            guard let self, self.generation == mine, self.timer != nil else { return }
            self.schedule(nextChange: self.check())
        }
        self.timer?.cancel()
        self.timer = timer
        timer.resume()
    }
}
