import Testing

/// Tests of `HTTPServer` over real loopback sockets. They run one after another: several of them
/// measure timeouts, which two shared cores under a parallel load would blur.
@Suite(.serialized) struct ServerTests {}
