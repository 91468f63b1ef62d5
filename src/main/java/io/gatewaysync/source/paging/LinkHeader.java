package io.gatewaysync.source.paging;

import java.util.List;
import java.util.Locale;

/**
 * Finds the {@code rel="next"} target in RFC 8288 {@code Link} header values: several links per value
 * and several values, quoted or unquoted {@code rel}, several relation types in one {@code rel}
 * ({@code rel="next last"}), commas and semicolons inside quoted parameters. Malformed parts are
 * skipped, never thrown: a header is a hint, and a source that sends a broken one simply has no
 * next link there.
 */
public final class LinkHeader {

    private final String s;
    private int pos;

    private LinkHeader(String s) {
        this.s = s;
    }

    /** The target of the first link with relation type {@code next}, or {@code null}. */
    public static String next(List<String> headerValues) {
        for (String value : headerValues) {
            String found = new LinkHeader(value).findNext();
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private String findNext() {
        while (pos < s.length()) {
            skip(" \t,");
            if (pos >= s.length()) {
                break;
            }
            if (s.charAt(pos) != '<') {
                skipToNextLink();
                continue;
            }
            int end = s.indexOf('>', pos + 1);
            if (end < 0) {
                return null;
            }
            String target = s.substring(pos + 1, end).trim();
            pos = end + 1;
            boolean next = false;
            while (true) {
                skip(" \t");
                if (pos >= s.length() || s.charAt(pos) != ';') {
                    break;
                }
                pos++;
                skip(" \t");
                String name = token().toLowerCase(Locale.ROOT);
                skip(" \t");
                String value = "";
                if (pos < s.length() && s.charAt(pos) == '=') {
                    pos++;
                    skip(" \t");
                    value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : token();
                }
                if ((name.equals("rel") || name.equals("rel*")) && hasNext(value)) {
                    next = true;
                }
            }
            if (next) {
                return target;
            }
            skipToNextLink();
        }
        return null;
    }

    private static boolean hasNext(String rel) {
        for (String type : rel.trim().split("\\s+")) {
            if (type.equalsIgnoreCase("next")) {
                return true;
            }
        }
        return false;
    }

    private String token() {
        int start = pos;
        while (pos < s.length() && ";,=\" \t".indexOf(s.charAt(pos)) < 0) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private String quoted() {
        StringBuilder out = new StringBuilder();
        pos++; // opening quote
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c == '\\' && pos < s.length()) {
                c = s.charAt(pos++);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Moves past the next comma that is outside quotes and angle brackets. */
    private void skipToNextLink() {
        boolean inQuotes = false;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (inQuotes && c == '\\') {
                pos++;
            } else if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == ',' && !inQuotes) {
                return;
            }
        }
    }

    private void skip(String chars) {
        while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
    }
}
