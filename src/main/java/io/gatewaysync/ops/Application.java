package io.gatewaysync.ops;

/** Entry point of {@code java -jar gateway-sync.jar [--once [--source NAME] [--dry-run]]}. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        h2Defaults(System.getProperties()); // before any H2 class reads its system properties
        int code = new Cli(System.out, System.err).run(args);
        if (code != Cli.KEEP_RUNNING) {
            System.exit(code);
        }
    }

    /**
     * H2's object cache ({@code h2.objectCache}) interns every string and value it reads from a row, by
     * hash: for the record look-up of a page that is computing the hash of each of a thousand records'
     * ids and hashes, to find them in a cache that a run of different objects never hits (10 % of the
     * samples of a no-change run on H2 were {@code String.hashCode} under it; off, the look-up query
     * took ~15 % less CPU, 200,000 records, warm, measured twice each). A {@code -Dh2.objectCache} of
     * the user's own wins.
     */
    static void h2Defaults(java.util.Properties system) {
        system.putIfAbsent("h2.objectCache", "false");
    }
}
