import TesseraApp
import TesseraConfig
import Testing

/// What `serve` derives from outside the config file: the `TESSERA_*` environment and `--listen`,
/// applied to a `Config` (issuer moved to the bound address only when the file names none).
@Suite struct ServiceSettingsTests {
    @Test func anEmptyEnvironmentKeepsTheDefaults() throws {
        let settings = try ServiceSettings(environment: [:])
        #expect(settings.logLevel == nil)
        #expect(settings.keyPolicy == KeyRotationPolicy())
        #expect(settings.keyPolicy.lead == KeyRotationPolicy.defaultLead)
    }

    @Test func theEnvironmentSetsLevelAndKeyTiming() throws {
        let settings = try ServiceSettings(environment: [
            "TESSERA_LOG_LEVEL": "debug",
            "TESSERA_KEY_LEAD_SECONDS": "5", "TESSERA_KEY_RETIREMENT_LEEWAY_SECONDS": "1",
        ])
        #expect(settings.logLevel != nil)
        #expect(settings.keyPolicy.lead == 5)
        #expect(settings.keyPolicy.retirementLeeway == 1)
    }

    @Test(arguments: ["verbose", "", "DEBUG!"])
    func anUnknownLogLevelIsAConfigurationErrorNamingTheVariable(_ value: String) {
        #expect {
            _ = try ServiceSettings(environment: ["TESSERA_LOG_LEVEL": value])
        } throws: { error in
            "\(error)".contains("TESSERA_LOG_LEVEL")
        }
    }

    @Test(arguments: ["TESSERA_KEY_LEAD_SECONDS", "TESSERA_KEY_RETIREMENT_LEEWAY_SECONDS"], ["5s", "-1", "", "ten"])
    func aKeyTimingThatIsNotWholeSecondsIsAConfigurationErrorNamingTheVariable(_ name: String, _ value: String) {
        #expect {
            _ = try ServiceSettings(environment: [name: value])
        } throws: { error in
            "\(error)".contains(name)
        }
    }

    @Test func listenReplacesTheAddressAndMovesTheDefaultIssuerToTheBoundPort() {
        let settings = ServiceSettings(listen: HostPort(host: "127.0.0.1", port: 0))
        let applied = settings.apply(to: Config(), boundPort: 43_210)
        #expect(applied.server.listen == HostPort(host: "127.0.0.1", port: 0))
        #expect(applied.issuer == "http://127.0.0.1:43210")
    }

    @Test func anExplicitIssuerIsNeverMoved() {
        var config = Config()
        config.issuer = "https://auth.example.com"
        config.issuerIsExplicit = true
        let applied = ServiceSettings(listen: HostPort(host: "127.0.0.1", port: 9000)).apply(to: config, boundPort: 9000)
        #expect(applied.issuer == "https://auth.example.com")
        #expect(applied.server.listen.port == 9000)
    }

    @Test func withoutListenTheConfigIsUnchanged() {
        var config = Config()
        config.issuer = "http://file.example"
        let applied = ServiceSettings().apply(to: config, boundPort: 1234)
        #expect(applied.issuer == "http://file.example")
        #expect(applied.server.listen == config.server.listen)
    }
}
