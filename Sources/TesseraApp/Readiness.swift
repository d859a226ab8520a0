import TesseraHTTP

/// /readyz: 200 while every configured tier answers. Embedded mode has only the local tier,
/// which answers as long as the process serves; Redis and PostgreSQL probes join here when
/// those tiers are configured.
final class Readiness: Sendable {
    func write(into response: inout HTTPResponseWriter) {
        response.addHeader("Content-Type", "application/json")
        response.addHeader("Cache-Control", "no-store")
        response.setBody(#"{"status":"ok","tiers":{"local":"ok"}}"#)
    }
}
