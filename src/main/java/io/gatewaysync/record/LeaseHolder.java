package io.gatewaysync.record;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine that holds a source's run lease, as stored in {@code source_run}, and whether it is
 * provably gone: on this host (same host name, boot and process-id namespace), a process id that no longer runs (or this process's own id under an
 * owner that no engine of this process uses: a restarted container gets the same pid), or, on
 * PostgreSQL, a database session that no longer holds the source's advisory lock ({@link LeaseSession}).
 */
public record LeaseHolder(String owner, String host, Long pid, Integer session, Instant since, Instant until) {

    /** Owners of the engines running in this JVM (tests run several engines in one process). */
    private static final Set<String> LIVE_OWNERS = ConcurrentHashMap.newKeySet();

    public static final String HOST = hostName();
    public static final long PID = ProcessHandle.current().pid();

    static void live(String owner) {
        LIVE_OWNERS.add(owner);
    }

    static void ended(String owner) {
        LIVE_OWNERS.remove(owner);
    }

    /** Why the holder's process is certainly gone, or null when it may still run. */
    String processGone() {
        if (pid == null || host == null || !host.equals(HOST)) {
            return null;
        }
        if (pid == PID) {
            return LIVE_OWNERS.contains(owner) || LIVE_OWNERS.contains(baseOwner()) ? null
                    : "process " + pid + " on this host is now another engine";
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? null
                : "process " + pid + " on this host is no longer running";
    }

    private String baseOwner() {
        int slash = owner == null ? -1 : owner.lastIndexOf("/object");
        return slash > 0 ? owner.substring(0, slash) : owner;
    }

    /** For the log, the --once output and JMX: which engine, since when, until when at the latest. */
    public String describe() {
        return "held by engine '" + owner + "'" + (pid != null ? " (pid " + pid + " on host " + shown(host) + ")" : "")
                + " since " + since + ", until " + until + " at the latest";
    }

    /**
     * The host name, and on Linux the boot and the process-id namespace: process ids are comparable only
     * within one namespace of one running kernel. Two machines (or containers) with the same host name, or
     * a container restarted into a new namespace, never count as "this host" for each other.
     */
    private static String hostName() {
        String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host, without a DNS look-up
        int at = name.indexOf('@');
        String host = at >= 0 ? name.substring(at + 1) : name;
        host = host.length() > 200 ? host.substring(0, 200) : host; // the column holds 255
        try {
            String boot = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id")).trim();
            String namespace = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid")).toString()
                    .replaceAll("[^0-9]", "");
            return host + "#" + boot.substring(0, Math.min(8, boot.length())) + ":" + namespace;
        } catch (java.io.IOException | RuntimeException e) {
            return host; // not Linux: the host name alone
        }
    }

    private static String shown(String host) {
        int hash = host == null ? -1 : host.indexOf('#');
        return hash < 0 ? host : host.substring(0, hash);
    }
}
