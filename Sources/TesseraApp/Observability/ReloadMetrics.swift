import Glibc
import Synchronization

/// `tessera_config_reloads_total{result}` and `tessera_config_last_reload_success_timestamp_seconds`:
/// a SIGHUP refused (a bad config, the old one kept) is otherwise only a log line, easy to miss
/// until the restart that fails on the same file. The timestamp starts at the first load.
final class ReloadMetrics: Sendable {
    private let succeeded = Atomic<Int>(0)
    private let failed = Atomic<Int>(0)
    private let lastSuccess = Atomic<Int64>(Int64(time(nil)))

    func record(success: Bool) {
        if success {
            succeeded.wrappingAdd(1, ordering: .relaxed)
            lastSuccess.store(Int64(time(nil)), ordering: .relaxed)
        } else {
            failed.wrappingAdd(1, ordering: .relaxed)
        }
    }

    func render(into out: inout String) {
        out += "# HELP tessera_config_reloads_total Configuration reloads (SIGHUP), by result.\n"
        out += "# TYPE tessera_config_reloads_total counter\n"
        out += "tessera_config_reloads_total{result=\"success\"} \(succeeded.load(ordering: .relaxed))\n"
        out += "tessera_config_reloads_total{result=\"failure\"} \(failed.load(ordering: .relaxed))\n"
        out += "# HELP tessera_config_last_reload_success_timestamp_seconds When the configuration was last loaded (start or SIGHUP).\n"
        out += "# TYPE tessera_config_last_reload_success_timestamp_seconds gauge\n"
        out += "tessera_config_last_reload_success_timestamp_seconds \(lastSuccess.load(ordering: .relaxed))\n"
    }
}
