import Glibc
import TesseraApp
import TesseraConfig

/// SIGTERM or SIGINT (contract "Signals"): /readyz at 503 at once; requests accepted and served
/// for `server.shutdown_delay` (SIGTERM only: SIGINT is someone at a terminal, not a load
/// balancer to wait for); then the listener closes, requests in flight get at most
/// `server.shutdown_timeout`, and `serve` returns (exit 0).
enum Drain {
    static func run(_ service: Service, signal: Int32, signals: inout sigset_t) {
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        let times = service.beginDrain()
        if signal == SIGTERM && times.delay > .zero {
            Log.info("shutting down: /readyz answers 503, requests are still served for server.shutdown_delay",
                     [("signal", name), ("shutdown_delay", times.delay.configText)])
            wait(times.delay, signals: &signals)
        }
        Log.info("shutting down: listener closed, waiting for requests in flight",
                 [("signal", name), ("shutdown_timeout", times.timeout.configText)])
        service.stop(drain: times.timeout)
        service.wait()
        Log.flush()
    }

    /// Sleeps `delay` in `sigtimedwait`: SIGINT or a second SIGTERM cuts it short (an operator
    /// who does not want to wait); a SIGHUP meanwhile changes nothing.
    private static func wait(_ delay: Duration, signals: inout sigset_t) {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let total = delay.components
        deadline.tv_sec += Int(total.seconds)
        deadline.tv_nsec += Int(total.attoseconds / 1_000_000_000)
        if deadline.tv_nsec >= 1_000_000_000 { deadline.tv_sec += 1; deadline.tv_nsec -= 1_000_000_000 }
        while true {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            var left = timespec(tv_sec: deadline.tv_sec - now.tv_sec, tv_nsec: deadline.tv_nsec - now.tv_nsec)
            if left.tv_nsec < 0 { left.tv_sec -= 1; left.tv_nsec += 1_000_000_000 }
            guard left.tv_sec >= 0 else { return }
            let received = sigtimedwait(&signals, nil, &left)
            if received == SIGINT || received == SIGTERM {
                Log.info("shutdown delay cut short", [("signal", received == SIGTERM ? "SIGTERM" : "SIGINT")])
                return
            }
        }
    }
}
