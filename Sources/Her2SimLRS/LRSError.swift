import Foundation
import Her2SimText

/// Why statements could not be sent, for people: what happened and what to do. Statements
/// not acknowledged stay queued in every case. Codable: her2sim-lrs reports it to her2sim.
public enum LRSError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    case configuration(file: String, line: Int?, String)
    case noEndpoint(configFile: String)
    case refusedLogin(url: String, status: Int)
    case certificate(url: String, detail: String)
    case timeout(url: String, seconds: Double)
    case cannotConnect(url: String, detail: String)
    case rejected(url: String, status: Int, body: String)
    case conflict(url: String, body: String)
    case network(url: String, detail: String)
    /// The her2sim-lrs helper is neither beside `program` nor named by `HER2SIM_LRS_HELPER`.
    case helperMissing(program: String, variable: String?)
    /// The helper at `path` could not be started, or ended without answering.
    case helperFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case .configuration(let file, let line, let message):
            return "\(file)\(line.map { ":\($0):1" } ?? ""): error: \(message)"
        case .noEndpoint(let file):
            return
                "error: no LRS to send to: pass --lrs URL (the LRS's xAPI endpoint) or set 'endpoint = URL' in \(file)"
        case .refusedLogin(let url, let status):
            return "error: the LRS at \(url) refused the login (HTTP \(status)); check HER2SIM_LRS_USER and "
                + "HER2SIM_LRS_PASSWORD (or user and password in lrs.conf); the statements stay queued"
        case .certificate(let url, let detail):
            return "error: cannot establish a trusted connection to \(url) (certificate error: \(detail)); "
                + "the statements stay queued"
        case .timeout(let url, let seconds):
            return
                "error: the LRS at \(url) did not answer within \(Self.seconds(seconds)) s; the statements stay queued"
        case .cannotConnect(let url, let detail):
            return "error: cannot connect to the LRS at \(url) (\(detail)); is it running? The statements stay queued"
        case .rejected(let url, let status, let body):
            return
                "error: the LRS at \(url) rejected the statements (HTTP \(status)): \(body); the statements stay queued"
        case .conflict(let url, let body):
            return "error: the LRS at \(url) holds different statements with the same ids (HTTP 409): \(body); "
                + "the statements stay queued"
        case .network(let url, let detail):
            return "error: sending to the LRS at \(url) failed (\(detail)); the statements stay queued"
        case .helperMissing(let program, let variable):
            let set = variable.map { "; HER2SIM_LRS_HELPER=\($0) is not an executable file" } ?? ""
            return "error: cannot send to the LRS: the helper \(LRSHelper.name) was not found beside \(program)\(set) "
                + "(reinstall with 'make install', or set HER2SIM_LRS_HELPER)"
        case .helperFailed(let path, let detail):
            return "error: cannot send to the LRS: the helper \(path) \(detail); the statements stay queued"
        }
    }

    static func seconds(_ value: Double) -> String {
        NumberFormat.plain(value)
    }
}
