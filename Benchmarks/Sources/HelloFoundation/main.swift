// The start-up floor for a program that, like her2sim, links Foundation.
import Foundation

print("hello, \(ProcessInfo.processInfo.processName)")
