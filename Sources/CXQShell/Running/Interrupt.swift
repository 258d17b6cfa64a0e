#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C as a flag: the handler only sets it; long-running work (watch, loads) polls it.
public enum Interrupt {
    nonisolated(unsafe) static var flag: sig_atomic_t = 0

    /// True once SIGINT arrived since the last reset.
    public static var requested: Bool { flag != 0 }
    public static func reset() { flag = 0 }

    /// Installs the SIGINT handler (without SA_RESTART, so blocking reads return EINTR).
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.flag = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may hand us SIGINT blocked (some process launchers do); unblock it.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
