package io.gatewaysync;

import io.gatewaysync.cli.Cli;

/** Entry point of {@code java -jar gateway-sync.jar [--once [--source NAME] [--dry-run]]}. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        int code = new Cli(System.out, System.err).run(args);
        if (code >= 0) { // not KEEP_RUNNING, not STOPPED_BY_SIGNAL (the JVM is exiting with the signal's status)
            System.exit(code);
        }
    }
}
