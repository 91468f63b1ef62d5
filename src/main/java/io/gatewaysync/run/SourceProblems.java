package io.gatewaysync.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every problem of one source's parameters, not only the first: {@link SourceDefinition#from} stops at
 * the first bad value, so the parameter it names is set aside (its default applies, or a stand-in for a
 * required one) and the rest is checked again, until nothing more is wrong. The messages are
 * SourceDefinition's own (file, parameter, value, what is allowed), so the rules live in one place.
 */
public final class SourceProblems {

    private static final Pattern PARAMETER = Pattern.compile("parameter '([^']+)'");
    private static final Map<String, String> STAND_INS = Map.of("source", "source", "url", "http://localhost/");

    private SourceProblems() {
    }

    public static List<String> of(Map<String, String> parameters, String origin) {
        Map<String, String> remaining = new LinkedHashMap<>(parameters);
        List<String> problems = new ArrayList<>();
        for (int round = 0; round <= parameters.size() + STAND_INS.size(); round++) {
            try {
                SourceDefinition.from(remaining, origin);
                return problems;
            } catch (ConfigurationException e) {
                problems.add(e.getMessage());
                Matcher named = PARAMETER.matcher(e.getMessage());
                String key = named.find() ? named.group(1) : null;
                if (key == null || (!remaining.containsKey(key) && !STAND_INS.containsKey(key))
                        || STAND_INS.get(key) != null && STAND_INS.get(key).equals(remaining.get(key))) {
                    return problems; // nothing left to set aside: report what was found
                }
                if (STAND_INS.containsKey(key)) {
                    remaining.put(key, STAND_INS.get(key));
                } else {
                    remaining.remove(key);
                }
            }
        }
        return problems;
    }
}
