package io.gatewaysync.run;

/**
 * A route file or property that cannot work. The message names the file, the parameter and the
 * allowed values; the CLI turns it into exit code 2.
 */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
