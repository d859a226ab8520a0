import Testing
import TesseraConfig

@Suite struct EnvironmentExpansionTests {
    private func issuer(_ value: String, _ environment: [String: String]) throws -> String {
        try ConfigLoader.parse(yaml: "issuer: \"\(value)\"\n", file: "c.yaml", environment: environment).issuer
    }

    @Test func wholeValueIsReplaced() throws {
        #expect(try issuer("${ISSUER}", ["ISSUER": "https://auth.example.com"]) == "https://auth.example.com")
    }

    @Test func severalReferencesInsideALargerStringAreReplaced() throws {
        let env = ["HOST": "auth.example.com", "PORT": "8443", "PREFIX": "t"]
        #expect(try issuer("https://${HOST}:${PORT}/${PREFIX}x", env) == "https://auth.example.com:8443/tx")
    }

    @Test func dollarWithoutBraceAndEscapedReferenceStayLiteral() throws {
        let yaml = """
        tokens:
          default_audience: ["a$b", "$${NOT_EXPANDED}", "$$x"]
        """
        let config = try ConfigLoader.parse(yaml: yaml, file: "c.yaml", environment: ["NOT_EXPANDED": "oops"])
        #expect(config.tokens.defaultAudience == ["a$b", "${NOT_EXPANDED}", "$$x"])
    }

    @Test func expandedValuesAreNotExpandedAgain() throws {
        let config = try ConfigLoader.parse(
            yaml: "tokens:\n  default_audience: [\"${A}\"]\n", file: "c.yaml", environment: ["A": "${B}", "B": "no"]
        )
        #expect(config.tokens.defaultAudience == ["${B}"])
    }

    @Test func numbersAndDurationsCanComeFromTheEnvironment() throws {
        let yaml = "server:\n  listen: \"${HOST}:${PORT}\"\n  workers: ${WORKERS}\n  idle_timeout: ${IDLE}\n"
        let env = ["HOST": "0.0.0.0", "PORT": "9090", "WORKERS": "4", "IDLE": "90s"]
        let config = try ConfigLoader.parse(yaml: yaml, file: "c.yaml", environment: env)
        #expect(config.server.listen == HostPort(host: "0.0.0.0", port: 9090))
        #expect(config.server.workers == 4)
        #expect(config.server.idleTimeout == .seconds(90))
    }

    @Test func missingVariableNamesTheKeyAndTheVariable() {
        let yaml = "keys:\n  hs256_secret: \"prefix-${TESSERA_HS256_SECRET}\"\n"
        #expect {
            try ConfigLoader.parse(yaml: yaml, file: "config.yaml", environment: ["OTHER": "x"])
        } throws: { error in
            let error = error as! ConfigError
            return error.keyPath == "keys.hs256_secret"
                && error.message.contains("TESSERA_HS256_SECRET")
                && error.description == "config.yaml: keys.hs256_secret: environment variable TESSERA_HS256_SECRET is not set"
        }
    }

    /// Not a number, and a number out of range: neither is echoed back.
    @Test(arguments: ["s3cr3t-value", "987654"])
    func errorsNeverShowTheValueOfAVariable(value: String) {
        let yaml = "server:\n  workers: ${WORKERS}\n"
        #expect {
            try ConfigLoader.parse(yaml: yaml, file: "config.yaml", environment: ["WORKERS": value])
        } throws: { error in
            let error = error as! ConfigError
            return error.keyPath == "server.workers" && !error.description.contains(value)
                && error.description.contains("${WORKERS}")
        }
    }

    @Test(arguments: ["${", "${}", "${1X}", "${A-B}", "x${OPEN"])
    func malformedReferenceIsAnError(value: String) {
        #expect {
            try ConfigLoader.parse(yaml: "issuer: \"\(value)\"\n", file: "c.yaml", environment: [:])
        } throws: { error in
            let error = error as! ConfigError
            return error.keyPath == "issuer" && error.message.contains("malformed")
        }
    }
}
