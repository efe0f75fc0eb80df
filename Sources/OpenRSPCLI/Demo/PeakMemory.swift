import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's peak resident set size as the kernel counts it (`getrusage` `ru_maxrss`): what the
/// process needed at its fullest, which is what a host must provision for it.
enum PeakMemory {
    /// Bytes; nil when the kernel does not tell.
    static func residentSetBytes() -> Int? {
        guard let usage = CPUTime.selfUsage(), usage.ru_maxrss > 0 else { return nil }
        #if canImport(Darwin)
        return Int(usage.ru_maxrss)  // Darwin counts bytes
        #else
        return Int(usage.ru_maxrss) * 1024  // Linux counts kilobytes
        #endif
    }

    /// Bytes resident now (`/proc/self/statm`'s second field, in pages); nil where the kernel does not tell.
    static func currentResidentSetBytes() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
