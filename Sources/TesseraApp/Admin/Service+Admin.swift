import TesseraConfig
import TesseraHTTP

extension Service {
    /// The admin listener of `admin:`, over the same state, stores, keys and limits.
    func makeAdminListener(_ section: AdminConfig, limits: HTTPLimits, counter: ConnectionCounter) throws(ServiceError) -> AdminListener {
        let config = box.current.config
        let operations = AdminOperations(box: box, database: tiers.database, redis: tiers.redis, keyStorage: keyStorage,
                                         policy: policy) { [weak self] in
            _ = self?.refreshKeys()
        }
        let (metrics, tiers, telemetry) = (metrics, tiers, telemetry)
        let render: @Sendable () -> String = {
            metrics.render(openConnections: counter.current) { out in
                tiers.renderMetrics(into: &out)
                tiers.renderHealth(into: &out)
                telemetry.renderMetrics(into: &out)
            }
        }
        return try AdminListener(config: section, limits: limits, workers: config.server.workers, box: box,
                                 operations: operations, audit: audit, metrics: render)
    }
}
