import Foundation
import Her2SimCore

/// Where her2sim keeps user data (history, records), per the XDG base-directory spec:
/// `$XDG_DATA_HOME/her2sim`, else `~/.local/share/her2sim`. Pure: the environment is passed in.
public enum DataDirectory {
    public static func url(environment: [String: String]) -> URL {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("her2sim")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/her2sim")
    }
}
