package io.gatewaysync.gateway;

import java.util.regex.Pattern;

/** Validation of schema names and object ids that reach the embedded gateway from outside. */
public final class Names {

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    private Names() {
    }

    public static boolean validSchema(String schema) {
        return schema != null && SCHEMA.matcher(schema).matches() && !schema.startsWith("_");
    }

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String requireSchema(String schema) {
        if (!validSchema(schema)) {
            throw new IllegalArgumentException("invalid schema name '" + schema
                    + "': use 1-100 letters, digits, '_', '.', '-', starting with a letter or digit");
        }
        return schema;
    }
}
