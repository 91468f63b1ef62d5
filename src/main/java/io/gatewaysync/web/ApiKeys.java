package io.gatewaysync.web;

import io.gatewaysync.run.ConfigurationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The API keys of {@code gateway.api-keys}: comma-separated {@code role:key} entries. A key is kept only
 * as its SHA-256 digest and compared with {@link MessageDigest#isEqual} against every configured key,
 * so that neither the time of a comparison nor a log line or error message can give a key away.
 */
public final class ApiKeys {

    /** What a key may do; each role includes the ones before it. */
    public enum Role {
        READ, WRITE, ADMIN;

        public boolean includes(Role other) {
            return compareTo(other) >= 0;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Entry(Role role, byte[] digest) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses {@code gateway.api-keys}; a blank value means no keys (anonymous access, loopback only). */
    public static ApiKeys parse(String value) {
        List<Entry> entries = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return new ApiKeys(entries);
        }
        String[] items = value.split(",");
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            int colon = item.indexOf(':');
            // Messages name the entry by position and role, never by the key itself.
            String where = "property 'gateway.api-keys' entry " + (i + 1) + " of " + items.length;
            if (colon <= 0 || colon == item.length() - 1) {
                throw new ConfigurationException(where + " is not 'role:key'; allowed: comma-separated role:key "
                        + "entries with role read, write or admin, e.g. read:<key>,admin:<key>");
            }
            String roleName = item.substring(0, colon).trim();
            Role role;
            try {
                role = Role.valueOf(roleName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(where + " has unknown role '" + roleName
                        + "'; allowed: read, write, admin");
            }
            byte[] digest = digest(item.substring(colon + 1).trim());
            for (Entry e : entries) {
                if (MessageDigest.isEqual(e.digest(), digest)) {
                    throw new ConfigurationException(where + " repeats a key of an earlier entry; every key "
                            + "needs one role (give the key the highest role it needs)");
                }
            }
            entries.add(new Entry(role, digest));
        }
        return new ApiKeys(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The role of {@code key}, if it is a configured key. Walks every entry whatever matches first. */
    public Optional<Role> roleOf(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = digest(key);
        Role found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), digest)) {
                found = e.role();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return entries.size() + " API key(s)"; // never the keys
    }
}
