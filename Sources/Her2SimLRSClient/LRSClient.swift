import Foundation
import Her2SimLRS
import Her2SimRecords

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts statements to an LRS (xAPI 1.0.3 `POST <endpoint>/statements`), synchronously, with
/// a timeout. Only 200 and 204 count as stored. Links FoundationNetworking, so only her2sim-lrs
/// and the tests use it; her2sim posts through `LRSHelperPoster`.
public struct LRSClient: StatementPoster, Sendable {
    public var endpoint: URL
    public var user: String?
    public var password: String?
    public var timeout: Double

    public init(endpoint: URL, user: String?, password: String?, timeout: Double) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.timeout = timeout
    }

    var statementsURL: URL {
        var text = endpoint.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text + "/statements") ?? endpoint.appendingPathComponent("statements")
    }

    /// Sends `statements` in one request; returns when the LRS acknowledged them.
    public func post(_ statements: [XAPIStatement]) throws(LRSError) {
        let body: Data
        do { body = try XAPIStatement.json(statements) } catch {
            throw .network(url: endpoint.absoluteString, detail: "cannot encode the statements: \(error)")
        }
        try post(body: body)
    }

    /// Sends statements already encoded as a JSON array (what her2sim hands her2sim-lrs).
    public func post(body: Data) throws(LRSError) {
        var request = URLRequest(url: statementsURL, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        authorize(&request)
        let (status, data) = try send(request)
        switch status {
        case 200, 204: return
        case 401, 403: throw .refusedLogin(url: endpoint.absoluteString, status: status)
        case 409: throw .conflict(url: endpoint.absoluteString, body: Self.snippet(data))
        default: throw .rejected(url: endpoint.absoluteString, status: status, body: Self.snippet(data))
        }
    }

    /// The xAPI version header and, with a user, Basic authentication: on every request.
    private func authorize(_ request: inout URLRequest) {
        request.setValue("1.0.3", forHTTPHeaderField: "X-Experience-API-Version")
        if let user {
            let token = Data("\(user):\(password ?? "")".utf8).base64EncodedString()
            request.setValue("Basic \(token)", forHTTPHeaderField: "Authorization")
        }
    }

    /// GET `<endpoint>/statements?…` (the tests read statements back with it).
    public func get(query: String) throws(LRSError) -> Data {
        guard let url = URL(string: statementsURL.absoluteString + (query.isEmpty ? "" : "?" + query)) else {
            throw .network(url: endpoint.absoluteString, detail: "bad query '\(query)'")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        authorize(&request)
        let (status, data) = try send(request)
        switch status {
        case 200: return data
        case 401, 403: throw .refusedLogin(url: endpoint.absoluteString, status: status)
        default: throw .rejected(url: endpoint.absoluteString, status: status, body: Self.snippet(data))
        }
    }

    private final class Box: @unchecked Sendable {
        var result: Result<(Int, Data), any Error> = .failure(URLError(.unknown))
    }

    private func send(_ request: URLRequest) throws(LRSError) -> (Int, Data) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                box.result = .failure(error)
            } else if let http = response as? HTTPURLResponse {
                box.result = .success((http.statusCode, data ?? Data()))
            }
            done.signal()
        }
        task.resume()
        // URLSession's own timeout governs; this one only guards against a task that never ends.
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            throw .timeout(url: endpoint.absoluteString, seconds: timeout)
        }
        switch box.result {
        case .success(let answer): return answer
        case .failure(let error): throw classify(error)
        }
    }

    func classify(_ error: any Error) -> LRSError {
        let url = endpoint.absoluteString
        guard let error = error as? URLError else {
            return .network(url: url, detail: (error as NSError).localizedDescription)
        }
        switch error.code {
        case .timedOut: return .timeout(url: url, seconds: timeout)
        case .cannotConnectToHost: return .cannotConnect(url: url, detail: "connection refused")
        case .cannotFindHost, .dnsLookupFailed: return .cannotConnect(url: url, detail: "host not found")
        case .networkConnectionLost: return .cannotConnect(url: url, detail: "the connection was lost")
        case .notConnectedToInternet: return .cannotConnect(url: url, detail: "no network")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
            .clientCertificateRequired:
            return .certificate(url: url, detail: error.localizedDescription)
        case .userAuthenticationRequired:
            return .refusedLogin(url: url, status: 401)
        default:
            // FoundationNetworking (libcurl) reports TLS failures with other codes.
            let detail = error.localizedDescription
            if detail.localizedCaseInsensitiveContains("certificate") || detail.contains("SSL") {
                return .certificate(url: url, detail: detail)
            }
            return .network(url: url, detail: detail)
        }
    }

    static func snippet(_ data: Data) -> String {
        let text = String(decoding: data.prefix(300), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
        return text.isEmpty ? "no details" : text
    }
}
