import FuzzDriver
import TesseraOAuth

/// Fuzzes what the token endpoint reads from a request: the form decoder, the Basic header
/// decoder and the whole token-request parse. The input is `authorization NUL content-type NUL
/// body`; missing parts are absent (no Authorization) or default (form content type).
enum FuzzTokenRequest {
    static let formType = Array("application/x-www-form-urlencoded".utf8)

    static func run(_ input: UnsafeRawBufferPointer) {
        var parts: [UnsafeRawBufferPointer] = []
        var start = 0
        for index in 0..<input.count where input[index] == 0 && parts.count < 2 {
            parts.append(UnsafeRawBufferPointer(rebasing: input[start..<index]))
            start = index + 1
        }
        let body = UnsafeRawBufferPointer(rebasing: input[start...])
        let authorization = parts.count > 0 && !parts[0].isEmpty ? parts[0] : nil

        var count = 0
        try? FormDecoder.forEachParameter(in: body) { name, value in
            FuzzDriver.check(name.count <= body.count && value.count <= body.count, "decoded longer than the body")
            count += 1
        }
        if let authorization {
            if let credentials = try? BasicCredentials.parse(authorization) {
                FuzzDriver.check(!credentials.id.isEmpty, "empty client id accepted")
                FuzzDriver.check(credentials.method == .clientSecretBasic, "method")
            }
        }
        formType.withUnsafeBytes { form in
            let contentType = parts.count > 1 && !parts[1].isEmpty ? parts[1] : form
            if case .success(let request) = TokenRequest.parse(contentType: contentType, authorization: authorization, body: body) {
                FuzzDriver.check(!request.credentials.id.isEmpty, "token request without a client id")
            }
        }
    }
}

@main
enum Main {
    static func main() { FuzzDriver.main(FuzzTokenRequest.run) }
}
