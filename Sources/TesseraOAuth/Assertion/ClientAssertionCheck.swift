/// What `private_key_jwt` authentication needs besides the client: the assertion rules (which
/// audiences are Tessera's) and the record of used jtis, which outlives configuration reloads.
package struct ClientAssertionCheck: Sendable {
    package let rules: ClientAssertionRules
    package let replay: AssertionReplay

    package init(rules: ClientAssertionRules = ClientAssertionRules(issuer: ""), replay: AssertionReplay = AssertionReplay()) {
        self.rules = rules
        self.replay = replay
    }
}
