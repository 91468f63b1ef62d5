package io.gatewaysync.sync;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Shared parsing for the configuration enums, so every one accepts its labels case-insensitively and
 * fails with the same kind of message: it names the parameter, the bad value and what is allowed.
 */
final class Labels {

    private Labels() {
    }

    static <E extends Enum<E>> E parse(String parameter, String value, E[] values, Function<E, String> label) {
        if (value != null) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            for (E e : values) {
                if (label.apply(e).equals(wanted)) {
                    return e;
                }
            }
        }
        String allowed = Arrays.stream(values).map(label).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown " + parameter + " '" + value + "'; allowed: " + allowed);
    }
}
