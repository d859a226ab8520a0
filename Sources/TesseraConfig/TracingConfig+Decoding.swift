import Foundation

extension TracingConfig {
    static let keys = ["otlp_endpoint", "sample_ratio", "service_name"]

    init(_ section: ConfigSection) throws(ConfigError) {
        let defaults = TracingConfig()
        let endpoint = try section.string("otlp_endpoint", default: defaults.otlpEndpoint)
        guard let url = URLComponents(string: endpoint), url.scheme == "http", let host = url.host, !host.isEmpty,
              url.user == nil, url.query == nil, url.fragment == nil
        else {
            throw section.error("otlp_endpoint",
                                "expected an http:// URL of an OTLP/HTTP collector, like http://127.0.0.1:4318/v1/traces (https is not supported)")
        }
        if let port = url.port, !(1...65535).contains(port) {
            throw section.error("otlp_endpoint", "the port must be between 1 and 65535")
        }
        let ratioText = try section.string("sample_ratio", default: "\(defaults.sampleRatio)")
        guard let ratio = Double(ratioText), ratio.isFinite, (0...1).contains(ratio) else {
            throw section.error("sample_ratio", "expected a number from 0 to 1, got \"\(ratioText)\"")
        }
        let name = try section.string("service_name", default: defaults.serviceName)
        guard !name.isEmpty else { throw section.error("service_name", "must not be empty") }
        self.init(otlpEndpoint: endpoint, sampleRatio: ratio, serviceName: name)
    }
}
