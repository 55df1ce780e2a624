// The Hummingbird peer for `make bench`: a stock Hummingbird 2 app with the
// rows the benchmark measures. `/healthz` answers plain text; every other path
// falls through to Hummingbird's own FileMiddleware over the same Public/
// copy GrantDesk serves, under `/static/`. Every response carries the same
// security headers nginx and GrantDesk send, so the three write comparable
// bytes. No request logging (the benchmark runs every server without it).
//
// Usage: HummingbirdPeer HOST PORT PUBLIC_DIR [CERT_PEM KEY_PEM]
import Hummingbird
import HummingbirdTLS
import NIOSSL

struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var fields: [(HTTPField.Name, String)] {
        [
            (.contentSecurityPolicy,
             "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
            (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
            (HTTPField.Name("Referrer-Policy")!, "same-origin"),
            (HTTPField.Name("X-Frame-Options")!, "DENY"),
            (HTTPField.Name("Cross-Origin-Opener-Policy")!, "same-origin"),
            (HTTPField.Name("Cross-Origin-Resource-Policy")!, "same-origin"),
            (HTTPField.Name("Permissions-Policy")!, "camera=(), microphone=(), geolocation=()"),
        ]
    }

    let fields = Self.fields

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for (name, value) in fields { response.headers[name] = value }
        return response
    }
}

@main
struct HummingbirdPeer {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 4 || arguments.count == 6, let port = Int(arguments[2]) else {
            print("usage: HummingbirdPeer HOST PORT PUBLIC_DIR [CERT_PEM KEY_PEM]")
            return
        }
        let router = Router()
        router.add(middleware: SecurityHeaders())
        router.add(middleware: FileMiddleware(arguments[3], urlBasePath: "/static", cacheControl: .init([(.any, [.noCache])])))
        router.get("healthz") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: "ok"))
            )
        }
        let server: HTTPServerBuilder
        if arguments.count == 6 {
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(arguments[4]).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: arguments[5], format: .pem))
            )
            // The same TLS 1.2 suites as GrantDesk and nginx; TLS 1.3 suites are BoringSSL's.
            tls.minimumTLSVersion = .tlsv12
            tls.cipherSuites = [
                "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
                "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
                "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
            ].joined(separator: ":")
            tls.applicationProtocols = ["http/1.1"]
            server = try .tls(.http1(), tlsConfiguration: tls)
        } else {
            server = .http1()
        }
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(arguments[1], port: port), serverName: "Hummingbird")
        )
        try await app.runService()
    }
}
