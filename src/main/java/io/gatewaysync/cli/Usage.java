package io.gatewaysync.cli;

/**
 * What {@code --help} prints: every command, option and environment variable of the command line
 * (docs/command-line.md says the same at length; CliTest checks that each is named).
 */
final class Usage {

    static final String TEXT = """
            usage: bin/gateway-sync [JVM OPTIONS] [COMMAND]
                   java [JVM OPTIONS] -jar target/gateway-sync.jar [COMMAND]

            Runs in the current directory: application.properties, routes/*.yaml and data/ are read there.

            commands:
              (none)                    continuous: every source on its schedule, the gateway API, the
                                        console (/console/), health, metrics, JMX, Jolokia if enabled
              --once                    sync every source once, print one summary line per source, exit
                --source NAME           only this source
                --dry-run               decide everything, write nothing, print the planned actions
              --probe URL [--PARAMETER VALUE ...]
                                        read a listing's first pages and print a route file for it;
                                        every --PARAMETER is a route-template parameter (--auth bearer
                                        --token T, --resultsPath data, --source NAME, ...)
              --check FILE              check one route file and show its first page as the engine
                                        decides it; writes nothing
              --help, -h                this text

            JVM options (bin/gateway-sync passes them to the JVM wherever they stand):
              -Dkey=value               set a configuration key, over application.properties, e.g.
                                        -Dgateway.port=9090 -Dsync.db.url=jdbc:postgresql://db/sync
              -Xmx256m, -XX:...         heap and other JVM settings (before -jar with java -jar)

            environment:
              KEY_IN_UPPER_CASE         any configuration key, '.' and '-' written '_'; wins over -D and
                                        the file, e.g. SYNC_DB_URL, GATEWAY_PORT
              SYNC_DB_PASSWORD          the database password (sync.db.password)
              GATEWAY_API_KEYS          API keys role:key,... (gateway.api-keys)
              JOLOKIA_USER, JOLOKIA_PASSWORD
                                        Jolokia's HTTP Basic credentials (jolokia.user, jolokia.password)
              NAME in {{env:NAME}}      credentials that route files read, e.g. ZAKEN_TOKEN
              JAVA_HOME                 the Java that bin/gateway-sync runs (17 or later)
              JAVA_OPTS                 JVM options that bin/gateway-sync adds, e.g. JAVA_OPTS=-Xmx256m
              JDK_JAVA_OPTIONS          JVM options the java launcher itself reads (the Docker image)
              COLUMNS                   width of --once's live progress lines on a terminal

            exit codes:
              0    every source completed with failed=0 (--probe: the file syncs as printed;
                   --check: the first page was read)
              1    a listing or an object failed, or a run was skipped (--probe: a guess or an
                   unreadable source; --check: the first page could not be read)
              2    configuration or start-up error: a bad argument, property or route file, a port in
                   use, a database that cannot be opened; one line each, nothing synced
              143  stopped by SIGTERM (runs in progress end PARTIAL and print their lines)

            More: README.md, docs/command-line.md, docs/configuration.md
            """;

    private Usage() {
    }
}
