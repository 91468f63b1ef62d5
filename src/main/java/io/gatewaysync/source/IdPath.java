package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an object's id is: one {@link DotPath} ({@code id}, {@code identificatie.nummer}), or several
 * separated by commas ({@code "kvk,vestiging"}) for an id made of fields. A composite id is one string:
 * the parts' text joined by {@code ,}, with {@code \} written before a {@code ,} or {@code \} inside a
 * part, so that two different pairs never give the same id ({@code ["a,b","c"]} is {@code a\,b,c},
 * {@code ["a","b,c"]} is {@code a,b\,c}). Numbers and strings give the same text: {@code 7} and
 * {@code "7"} are one object.
 */
public final class IdPath {

    private final String text;
    private final List<DotPath> parts;

    private IdPath(String text, List<DotPath> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException for a blank path or an empty part */
    public static IdPath of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty idPath");
        }
        List<DotPath> parts = new ArrayList<>();
        for (String part : splitUnescaped(text.trim())) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty part in idPath '" + text + "'");
            }
            parts.add(DotPath.of(part));
        }
        return new IdPath(text.trim(), List.copyOf(parts));
    }

    public boolean composite() {
        return parts.size() > 1;
    }

    /** The single path; for a composite id the first part (callers check {@link #composite()}). */
    public DotPath single() {
        return parts.get(0);
    }

    public List<DotPath> parts() {
        return parts;
    }

    /** The id as text, or {@code null} when any part is absent, null, blank or not a scalar. */
    public String text(JsonNode object) {
        if (!composite()) {
            return single().text(object);
        }
        StringBuilder b = new StringBuilder();
        for (DotPath p : parts) {
            String v = p.text(object);
            if (v == null || v.isBlank()) {
                return null;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(v.replace("\\", "\\\\").replace(",", "\\,"));
        }
        return b.toString();
    }

    /** A composite id's parts, as {@link #text} joined them ({@code a\\,b,c}: {@code a,b} and {@code c}). */
    public static List<String> split(String id) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '\\' && i + 1 < id.length()) {
                cur.append(id.charAt(++i));
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Commas separate parts unless escaped ({@code \,}) or inside a bracket quote ({@code ['a,b']}). */
    private static List<String> splitUnescaped(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (s.charAt(i + 1) != ',') {
                    cur.append(c); // DotPath's own escape, kept for it
                }
                cur.append(s.charAt(++i));
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                cur.append(c);
            } else if ((c == '\'' || c == '"') && i > 0 && s.charAt(i - 1) == '[') {
                quote = c;
                cur.append(c);
            } else if (c == ',') {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
